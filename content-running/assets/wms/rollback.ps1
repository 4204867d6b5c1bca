<#
.SYNOPSIS
  Roll the WMS back to on-prem at a pick-wave boundary.
#>
param(
    [ValidateSet('Swindon','Leeds','Both')][string]$Site = 'Both',
    [string]$ScannerGateway = 'rdg-wms-gw01'
)
$ErrorActionPreference = 'Stop'

Write-Host "Waiting for the current pick wave to close at $Site..."
while ((Invoke-RestMethod "https://wms.corp.tailwindtraders.co.uk/api/waves/open?site=$Site").count -gt 0) {
    Start-Sleep -Seconds 30
}

Invoke-Command -ComputerName 'az-wms-app01','az-wms-app02' { Stop-Service WMSHost -Force }
# Reverse replication (Azure -> on-prem) is configured ahead; promote the on-prem copy.
Invoke-DbaQuery -SqlInstance 'RDG-SQLWMS' -Query "ALTER AVAILABILITY GROUP [AG_WMS] FAILOVER;"
Invoke-Command -ComputerName $ScannerGateway { Set-Content 'C:\Gateway\target.txt' 'rdg-wms-app01:7001'; Restart-Service ScannerGateway }
Write-Host 'WMS running on-prem. Supervisors can release the next pick wave.'
