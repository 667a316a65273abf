// The storage account of the app and of the Functions host: shared-key access off, so only identities get in.
// The tables, containers and queues are the ones Comms uses (StorageNames, HostBindings.Queues), created here
// so that the app's identity needs data roles only.
param name string
param location string
param tags object

@description('The Flex Consumption deployment package container.')
param deploymentContainerName string

var tables = [
  'CommsRequests'
  'CommsByAccount'
  'CommsDetails'
  'CommsStatusHistory'
  'CommsSendLedger'
  'CommsProviderMessages'
  'CommsRejected'
  'AccountProfiles'
  'OnlineNotifications'
  'CommsWebhookReceipts'
  'CommsRateLimits'
  'CommsByStatus'
  'CommsBatches'
  'CommsBatchItems'
  'CommsBusinessKeys'
  'CommsCancellationKeys'
  'CommsConsent'
  'CommsAddresses'
  'CommsSearch'
  'CommsAudit'
]
var containers = [
  deploymentContainerName
  'comms-work'
  'comms-archive'
  'comms-templates'
  'comms-batches'
  'print-outbox'
  'sandbox-outbox'
]
var queues = [
  'workflow-events'
  'workflow-events-poison'
  'status-callbacks'
  'status-callbacks-poison'
]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource blobContainers 'containers' = [
      for container in containers: {
        name: container
        properties: {
          publicAccess: 'None'
        }
      }
    ]
  }

  resource queueService 'queueServices' = {
    name: 'default'

    resource storageQueues 'queues' = [
      for queue in queues: {
        name: queue
      }
    ]
  }

  resource tableService 'tableServices' = {
    name: 'default'

    resource storageTables 'tables' = [
      for table in tables: {
        name: table
      }
    ]
  }
}

output name string = storage.name
output id string = storage.id
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
