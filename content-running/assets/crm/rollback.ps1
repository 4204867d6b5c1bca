<#
.SYNOPSIS
  Roll the CRM back to on-prem.
.NOTES
  Fixed after the failed rehearsal of 2027-01-18: the TTL of the CRM record is now
  lowered to 60 s two days before cutover (see rollback notes), and this script
  refuses to run if it is still higher.
#>
param(
    [string]$Zone    = 'corp.tailwindtraders.co.uk',
    [string]$Record  = 'crm',
    [string]$OnPremIp = '10.20.4.50'
)
$ErrorActionPreference = 'Stop'

$rr = Get-DnsServerResourceRecord -ZoneName $Zone -Name $Record -RRType A -ComputerName 'rdg-dc01'
if ($rr.TimeToLive.TotalSeconds -gt 60) {
    throw "TTL of $Record.$Zone is $($rr.TimeToLive.TotalSeconds) s; lower it to 60 s and wait for the old TTL first."
}

# 1. Stop replication and freeze the Azure side.
Invoke-Command -ComputerName 'az-crm-app01' { Set-ItemProperty 'HKLM:\SOFTWARE\TailwindTraders\CRM' -Name ReadOnly -Value 1 }

# 2. DNS back to the on-prem VIP.
$new = $rr.Clone(); $new.RecordData.IPv4Address = [ipaddress]$OnPremIp
Set-DnsServerResourceRecord -ZoneName $Zone -OldInputObject $rr -NewInputObject $new -ComputerName 'rdg-dc01'

# 3. Replay changes captured since cutover.
& 'C:\Tools\crm-changelog\replay.exe' --since-cutover --target "rdg-crm-sql01"
