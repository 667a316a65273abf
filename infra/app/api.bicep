// The Flex Consumption plan and the Functions app (.NET isolated) running as the user-assigned identity.
// App settings are grouped in variables named *AppSettings: the deployment tests read exactly these and hold
// them against the keys the code reads (Comms.Infrastructure's AppSettingNames), both ways.
param name string
param planName string
param location string
param tags object

param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsConnectionString string
param keyVaultName string

@description('Identity-based ACS: its https endpoint.')
param acsEndpoint string
param emailFrom string

@description('The ACS phone number or alphanumeric sender id for SMS.')
param smsFrom string
param notificationHubName string

@allowed([
  'Blob'
  'Sftp'
])
param letterDelivery string
param externalSystemUrl string
param printHouseSftpHost string
param printHouseSftpUserName string
param printHouseSftpHostKeySha256 string

param instanceMemoryMB int = 2048
param maximumInstanceCount int = 40

// The Functions host reads the same three settings for its own storage, queue triggers and durable task hub.
var storageAppSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
}

var monitoringAppSettings = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

var channelAppSettings = {
  Comms__Email__Provider: 'Acs'
  Comms__Email__From: emailFrom
  Comms__Sms__Provider: 'Acs'
  Comms__Sms__From: smsFrom
  Comms__Acs__Endpoint: acsEndpoint
  Comms__Push__Provider: 'NotificationHubs'
  Comms__NotificationHubs__ConnectionString: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=notificationhubs-connection-string)'
  Comms__NotificationHubs__HubName: notificationHubName
  Comms__Letter__Delivery: letterDelivery
  Comms__Archive__Provider: 'Blob'
  Comms__StatusWebhook__Partners__billing__Secrets__0: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=status-webhook-billing)'
}

// The API keys the app checks itself (README, Keys and roles): every HTTP function is anonymous to the host, so
// its function keys gate nothing. azd up sets the admin key; add a key per caller (Comms__Keys__{name}__Role and
// __Secret, a Key Vault reference) for the billing platform (submit), agents (agent) and Event Grid (events).
var apiKeyAppSettings = {
  Comms__Keys__admin__Role: 'admin'
  Comms__Keys__admin__Secret: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=api-key-admin)'
}

var externalSystemAppSettings = {
  Comms__External__Systems__crm__Url: externalSystemUrl
  Comms__External__Systems__crm__Secret: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=external-system-crm)'
}

var printHouseAppSettings = {
  Comms__Sftp__PrintHouse__Host: printHouseSftpHost
  Comms__Sftp__PrintHouse__Port: '22'
  Comms__Sftp__PrintHouse__UserName: printHouseSftpUserName
  Comms__Sftp__PrintHouse__Password: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=sftp-printhouse-password)'
  Comms__Sftp__PrintHouse__Directory: '/inbound'
  Comms__Sftp__PrintHouse__HostKeySha256: printHouseSftpHostKeySha256
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'comms' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: union(
      storageAppSettings,
      monitoringAppSettings,
      channelAppSettings,
      apiKeyAppSettings,
      empty(externalSystemUrl) ? {} : externalSystemAppSettings,
      letterDelivery == 'Sftp' ? printHouseAppSettings : {}
    )
  }
}

output name string = functionApp.name
output uri string = 'https://${functionApp.properties.defaultHostName}'
