// Front Door origin group for the online store: Azure origin first, on-prem as standby.
// Rollback = deploy with rollback=true, which swaps the priorities (about 5 min to propagate).
param profileName string = 'afd-tt-store-prod'
param rollback bool = false

resource profile 'Microsoft.Cdn/profiles@2024-02-01' existing = {
  name: profileName
}

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2024-02-01' existing = {
  parent: profile
  name: 'store-web'
}

resource azureOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: originGroup
  name: 'azure-appgw'
  properties: {
    hostName: 'store-appgw.uksouth.cloudapp.azure.com'
    priority: rollback ? 2 : 1
    weight: 1000
    enabledState: 'Enabled'
  }
}

resource onPremOrigin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: originGroup
  name: 'onprem-lb'
  properties: {
    hostName: 'origin-rdg.tailwindtraders.co.uk'
    priority: rollback ? 1 : 2
    weight: 1000
    enabledState: 'Enabled'
  }
}
