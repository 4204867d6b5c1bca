<#
.SYNOPSIS
  Fail the ERP database back from Azure SQL Managed Instance to on-prem SQL Server.
.NOTES
  Requires dbatools 2.x and the Az.Sql module. Run from the jump host in the hub.
#>
param(
    [string]$ManagedInstance = 'tt-erp-mi.abc123.database.windows.net',
    [string]$OnPremInstance  = 'RDG-SQLERP\ERP',
    [string]$DistributedAg   = 'DAG_ERP',
    [string]$Database        = 'ERPPROD',
    [string]$DnsZone         = 'corp.tailwindtraders.co.uk',
    [string]$ListenerName    = 'erp-sql'
)
$ErrorActionPreference = 'Stop'

Write-Host "1. Stop the ERP job scheduler"
Invoke-DbaQuery -SqlInstance $ManagedInstance -Database msdb -Query "EXEC dbo.sp_update_job @job_name = N'ERP Batch', @enabled = 0;"

Write-Host "2. Wait until the secondary is synchronized"
do {
    Start-Sleep -Seconds 10
    $state = Invoke-DbaQuery -SqlInstance $OnPremInstance -Query @"
SELECT synchronization_state_desc FROM sys.dm_hadr_database_replica_states
WHERE database_id = DB_ID('$Database') AND is_local = 1;
"@
} until ($state.synchronization_state_desc -eq 'SYNCHRONIZED')

Write-Host "3. Fail over the distributed availability group to on-prem"
Invoke-DbaQuery -SqlInstance $OnPremInstance -Query "ALTER AVAILABILITY GROUP [$DistributedAg] FORCE_FAILOVER_ALLOW_DATA_LOSS;"

Write-Host "4. Re-point the listener DNS record"
Set-DnsServerResourceRecordCName -ZoneName $DnsZone -Name $ListenerName -HostNameAlias "rdg-sqlerp-lsn.$DnsZone" -ComputerName 'rdg-dc01'

Write-Host "Done. Reconcile the trial balance before re-opening postings (runbook step 5)."
