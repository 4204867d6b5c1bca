<#
.SYNOPSIS
  Fail the commerce database back to on-prem and re-point the connection string.
#>
param(
    [string]$OnPremInstance = 'RDG-SQLCOM\COMMERCE',
    [string]$DistributedAg  = 'DAG_COMMERCE',
    [string]$KeyVault       = 'kv-tt-store-prod',
    [string]$SecretName     = 'CommerceDb-ConnectionString'
)
$ErrorActionPreference = 'Stop'

# 1. Queue mode: the API keeps accepting orders into Service Bus.
Set-AzAppServiceSetting -ResourceGroupName 'rg-store-api-prod' -Name 'tt-commerce-api' -AppSettings @{ ORDERS_QUEUE_MODE = 'true' }

# 2. Fail back.
Invoke-DbaQuery -SqlInstance $OnPremInstance -Query "ALTER AVAILABILITY GROUP [$DistributedAg] FORCE_FAILOVER_ALLOW_DATA_LOSS;"

# 3. Connection string to on-prem.
$cs = 'Server=tcp:rdg-sqlcom-lsn.corp.tailwindtraders.co.uk,1433;Database=Commerce;Authentication=Active Directory Default;Encrypt=True'
Set-AzKeyVaultSecret -VaultName $KeyVault -Name $SecretName -SecretValue (ConvertTo-SecureString $cs -AsPlainText -Force) | Out-Null

# 4. Release the queue.
Set-AzAppServiceSetting -ResourceGroupName 'rg-store-api-prod' -Name 'tt-commerce-api' -AppSettings @{ ORDERS_QUEUE_MODE = 'false' }
Write-Host 'Commerce DB on-prem again. Run the order reconciliation report now.'
