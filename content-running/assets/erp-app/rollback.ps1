# Roll back the ERP application tier (AOS) to on-prem.
$ErrorActionPreference = 'Stop'
$azureAos  = 'az-erp-aos01','az-erp-aos02','az-erp-aos03','az-erp-aos04','az-erp-batch01'
$onPremAos = 'rdg-erp-aos01','rdg-erp-aos02','rdg-erp-aos03','rdg-erp-aos04','rdg-erp-batch01'

Invoke-Command -ComputerName $azureAos  { Stop-Service -Name 'AOS60$01' -Force }
Invoke-Command -ComputerName $onPremAos { Start-Service -Name 'AOS60$01' }

# Restore the client configuration that points at the on-prem cluster.
Set-GPLink -Name 'ERP Client - Azure' -Target 'OU=Workstations,DC=corp,DC=tailwindtraders,DC=co,DC=uk' -LinkEnabled No
Set-GPLink -Name 'ERP Client - On-prem' -Target 'OU=Workstations,DC=corp,DC=tailwindtraders,DC=co,DC=uk' -LinkEnabled Yes
Write-Host 'AOS rolled back. Ask users to restart the ERP client.'
