// A Notification Hubs namespace and hub for push to handset. Sends use a SAS connection string (Notification
// Hubs' send API takes no Entra ID token); a send-only rule's connection string goes straight into Key Vault.
// The platform credentials (APNs, FCM) are added to the hub afterwards, in the portal or with the CLI.
param namespaceName string
param hubName string
param location string
param tags object
param keyVaultName string

resource namespace 'Microsoft.NotificationHubs/namespaces@2023-09-01' = {
  name: namespaceName
  location: location
  tags: tags
  sku: {
    name: 'Free'
  }
  properties: {
    namespaceType: 'NotificationHub'
  }

  resource hub 'notificationHubs' = {
    name: hubName
    location: location
    tags: tags
    properties: {}

    resource sendRule 'authorizationRules' = {
      name: 'CommsSend'
      properties: {
        rights: [
          'Send'
        ]
      }
    }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName

  resource connectionString 'secrets' = {
    name: 'notificationhubs-connection-string'
    properties: {
      value: namespace::hub::sendRule.listKeys().primaryConnectionString
    }
  }
}

output namespaceName string = namespace.name
output hubName string = namespace::hub.name
output endpoint string = namespace.properties.serviceBusEndpoint
