AZR002 17
AZR001 22
AZR007 22
AZR00r string = 'typed'
var doubled = [for n in range(1, 3): n * 2]
var evens = filter([1, 2, 3, 4], x => x % 2 == 0)

func makeName(base string) string => '${base}-fn'

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = { // expect: AZR002
  name: storageName
  location: location
  sku: {
    name: skuName
  }
  kind: 'StorageV2'
  properties: { // expect: AZR007, AZR001
    minimumTlsVersion: settings.tls
    supportsHttpsTrafficOnly: true
  }
  resource blobService 'blobServices' = {
    name: 'default'
    properties: {
      deleteRetentionPolicy: {
        days: settings.retention.days
      }
    }
  }
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-01-01' = {
  parent: storage::blobService
  name: 'logs'
  properties: {
    publicAccess: 'None'
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01' existing = {
  name: 'vnet1'
}

resource subnets 'Microsoft.Network/virtualNetworks/subnets@2023-04-01' = [for (name, i) in subnetNames: { // expect: AZR029
  parent: vnet
  name: name
  2 75
AZR001 79
AZR012 79
AZR014 79
