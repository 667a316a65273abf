// Azure Communication Services for e-mail and SMS, with an Email Communication Service and its Azure-managed
// domain (DoNotReply@….azurecomm.net) linked to it. SMS needs a phone number bought in the portal (smsFrom).
param communicationServiceName string
param emailServiceName string

@description('Where ACS keeps its data at rest, e.g. Europe or United States.')
param dataLocation string
param tags object

resource emailService 'Microsoft.Communication/emailServices@2023-04-01' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }

  resource managedDomain 'domains' = {
    name: 'AzureManagedDomain'
    location: 'global'
    tags: tags
    properties: {
      domainManagement: 'AzureManaged'
      userEngagementTracking: 'Disabled'
    }
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    linkedDomains: [
      emailService::managedDomain.id
    ]
  }
}

output id string = communicationService.id
output name string = communicationService.name
output endpoint string = 'https://${communicationService.properties.hostName}'
output emailFrom string = 'DoNotReply@${emailService::managedDomain.properties.mailFromSenderDomain}'
