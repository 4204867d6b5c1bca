<#
.SYNOPSIS
  Switch the 240 stores back to the on-prem POS back office.
#>
param([string]$StoreList = '\\rdg-fs01\pos\stores.csv')
$ErrorActionPreference = 'Stop'
$stores = Import-Csv $StoreList
$failed = @()

foreach ($s in $stores) {
    try {
        Invoke-RestMethod -Method Put -Uri "https://$($s.StoreServer)/api/config/polling" `
            -Body (@{ endpoint = 'https://pos-rdg.corp.tailwindtraders.co.uk' } | ConvertTo-Json) `
            -ContentType 'application/json' -UseDefaultCredentials -TimeoutSec 20 | Out-Null
    } catch {
        $failed += $s.StoreId
    }
}
"{0} of {1} stores switched" -f ($stores.Count - $failed.Count), $stores.Count
if ($failed) { "Call these stores (manual switch): $($failed -join ', ')" }

# Resend the last price file from on-prem.
Start-ScheduledTask -CimSession 'rdg-pos01' -TaskName 'Price file - resend last'
