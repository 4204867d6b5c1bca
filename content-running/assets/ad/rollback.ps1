<#
.SYNOPSIS
  Roll back the Active Directory extension to Azure (Tailwind Traders, wave plan 2.1).
.DESCRIPTION
  Moves DC locator preference back to the on-prem site, re-points DHCP DNS options
  and reports replication health. Demotion of a failing Azure DC is a separate,
  manual step (see runbook.md) because it needs a second pair of eyes.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string]$OnPremSite  = 'RDG-DC1',
    [string]$AzureSite   = 'AZ-UKSOUTH',
    [string[]]$OnPremDns = @('10.10.0.10', '10.10.0.11'),
    [string]$DhcpServer  = 'rdg-dhcp01.corp.tailwindtraders.co.uk'
)
$ErrorActionPreference = 'Stop'
Import-Module ActiveDirectory, DhcpServer

# 1. Make the Azure site expensive so clients prefer on-prem DCs again.
$link = Get-ADReplicationSiteLink -Filter "SitesIncluded -eq '$AzureSite'"
if ($PSCmdlet.ShouldProcess($link.Name, 'Set cost 500')) {
    Set-ADReplicationSiteLink -Identity $link.Name -Cost 500
}

# 2. Re-point DHCP scope DNS options to the on-prem DCs.
foreach ($scope in Get-DhcpServerv4Scope -ComputerName $DhcpServer) {
    if ($PSCmdlet.ShouldProcess($scope.ScopeId, 'Set DNS servers')) {
        Set-DhcpServerv4OptionValue -ComputerName $DhcpServer -ScopeId $scope.ScopeId -DnsServer $OnPremDns
    }
}

# 3. Report replication health for the decision log.
repadmin /replsummary
Write-Host "Rollback steps 1-2 done. Continue with runbook.md step 3 (demotion)." -ForegroundColor Yellow
