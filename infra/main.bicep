// Comms in Azure: `azd up` provisions this and deploys src/Comms.Functions to the function app.
// Plain resource modules in app/ (the shape of the Azure Functions azd quickstarts, without registry modules).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('The azd environment name; names and tags every resource.')
param environmentName string

@minLength(1)
@description('The region of every regional resource. Flex Consumption runs in a subset of regions.')
param location string

@description('The deploying user or pipeline principal (AZURE_PRINCIPAL_ID): gets data roles when set.')
param principalId string = ''

@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('The billing platform\'s identity (object id): it gets Storage Blob Data Contributor on comms-batches, to write batch files.')
param billingPlatformPrincipalId string = ''

@description('Where Azure Communication Services keeps its data at rest.')
param communicationDataLocation string = 'Europe'

@description('The ACS phone number (E.164) or alphanumeric sender id for SMS; buy one in the portal first.')
param smsFrom string = ''

@allowed([
  'Blob'
  'Sftp'
])
@description('Letters go to the print-outbox container (Blob) or to the print house over SFTP.')
param letterDelivery string = 'Blob'

@description('The push-to-external endpoint of the external system "crm"; not configured when empty.')
param externalSystemUrl string = ''

param printHouseSftpHost string = ''
param printHouseSftpUserName string = ''

@secure()
param printHouseSftpPassword string = ''

@description('The print house host key fingerprint as ssh-keygen -lf KEY -E sha256 prints it (SHA256:…).')
param printHouseSftpHostKeySha256 string = ''

@secure()
@description('The status webhook secret of the partner "billing"; generated on the first provision.')
param statusWebhookSecret string = 'whsec_${base64(newGuid())}'

@secure()
@description('The secret that signs push-to-external requests to "crm"; generated on the first provision.')
param externalSystemSecret string = 'whsec_${base64(newGuid())}'

@secure()
@description('The secret of the API key "admin" (Comms:Keys:admin, role admin); generated on the first provision, read it from the Key Vault secret api-key-admin.')
param adminApiKey string = '${newGuid()}${newGuid()}'

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var functionAppName = '${abbrs.webSitesFunctions}comms-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}comms-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
  }
}

module communication 'app/communication.bicep' = {
  name: 'communication'
  scope: rg
  params: {
    communicationServiceName: '${abbrs.communicationServices}${resourceToken}'
    emailServiceName: '${abbrs.communicationEmailServices}${resourceToken}'
    dataLocation: communicationDataLocation
    tags: tags
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVaultVaults}${resourceToken}'
    location: location
    tags: tags
    statusWebhookSecret: statusWebhookSecret
    externalSystemSecret: externalSystemSecret
    printHouseSftpPassword: printHouseSftpPassword
    adminApiKey: adminApiKey
  }
}

module notificationHubs 'app/notificationhubs.bicep' = {
  name: 'notificationhubs'
  scope: rg
  params: {
    namespaceName: '${abbrs.notificationHubsNamespaces}${resourceToken}'
    hubName: '${abbrs.notificationHubsNamespacesNotificationHubs}comms'
    location: location
    tags: tags
    keyVaultName: keyVault.outputs.name
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultName: keyVault.outputs.name
    acsEndpoint: communication.outputs.endpoint
    emailFrom: communication.outputs.emailFrom
    smsFrom: smsFrom
    notificationHubName: notificationHubs.outputs.hubName
    letterDelivery: letterDelivery
    externalSystemUrl: externalSystemUrl
    printHouseSftpHost: printHouseSftpHost
    printHouseSftpUserName: printHouseSftpUserName
    printHouseSftpHostKeySha256: printHouseSftpHostKeySha256
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    communicationServiceName: communication.outputs.name
    appPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
    billingPlatformPrincipalId: billingPlatformPrincipalId
  }
}

// azd keeps these in the environment (.azure/<env>/.env); they are every endpoint the app and its users need.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output COMMS_API_URL string = '${api.outputs.uri}/api'
output COMMS_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output COMMS_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output COMMS_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output COMMS_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output COMMS_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output COMMS_KEY_VAULT_URI string = keyVault.outputs.uri
output COMMS_ACS_ENDPOINT string = communication.outputs.endpoint
output COMMS_EMAIL_FROM string = communication.outputs.emailFrom
output COMMS_NOTIFICATION_HUBS_ENDPOINT string = notificationHubs.outputs.endpoint
output COMMS_NOTIFICATION_HUB_NAME string = notificationHubs.outputs.hubName
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
