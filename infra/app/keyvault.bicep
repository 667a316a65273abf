// The app's secrets, read through Key Vault references in app settings (RBAC authorisation: the app's identity
// has Key Vault Secrets User). Secrets Comms generates itself get fresh values on the first provision.
param name string
param location string
param tags object

@secure()
@description('The status webhook secret of the partner "billing" (Standard Webhooks whsec_ form).')
param statusWebhookSecret string

@secure()
@description('The Standard Webhooks secret that signs requests to the external system "crm".')
param externalSystemSecret string

@secure()
@description('The print house SFTP password; no secret is written when empty.')
param printHouseSftpPassword string

@secure()
@description('The secret of the API key "admin" (role admin, README: Keys and roles).')
param adminApiKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }

  resource statusWebhook 'secrets' = {
    name: 'status-webhook-billing'
    properties: {
      value: statusWebhookSecret
    }
  }

  resource externalSystem 'secrets' = {
    name: 'external-system-crm'
    properties: {
      value: externalSystemSecret
    }
  }

  resource adminKey 'secrets' = {
    name: 'api-key-admin'
    properties: {
      value: adminApiKey
    }
  }

  resource printHouseSftp 'secrets' = if (!empty(printHouseSftpPassword)) {
    name: 'sftp-printhouse-password'
    properties: {
      value: printHouseSftpPassword
    }
  }
}

output id string = vault.id
output name string = vault.name
output uri string = vault.properties.vaultUri
