namespace Comms.Infrastructure.Channels;

// The provider of each channel, chosen by its key (AppSettingNames) through ProviderSettings.Choose; unset is Sandbox.

/// <summary><c>Comms:Email:Provider</c>.</summary>
public enum EmailProvider
{
    Sandbox,
    Smtp,
    Acs,
}

/// <summary><c>Comms:Sms:Provider</c>.</summary>
public enum SmsProvider
{
    Sandbox,
    Acs,
}

/// <summary><c>Comms:Push:Provider</c>.</summary>
public enum PushProvider
{
    Sandbox,
    NotificationHubs,
}

/// <summary><c>Comms:Letter:Delivery</c>.</summary>
public enum LetterDelivery
{
    Sandbox,
    Sftp,
    Blob,
}

/// <summary><c>Comms:External:Provider</c>: <see cref="Webhook"/> when unset and a system is configured.</summary>
public enum ExternalProvider
{
    Sandbox,
    Webhook,
}

/// <summary><c>Comms:Archive:Provider</c>: <see cref="Blob"/> when unset.</summary>
public enum ArchiveProvider
{
    Blob,
    Sftp,
}
