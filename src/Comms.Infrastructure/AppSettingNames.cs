namespace Comms.Infrastructure;

/// <summary>
/// Every configuration key Comms reads when it runs in Azure, named once: the registrations read these constants,
/// and the deployment tests hold <c>infra/app/api.bicep</c>'s app settings against <see cref="ReadInAzure"/> both ways.
/// Keys are in configuration form (<c>Comms:Email:Provider</c>); an app setting spells <c>:</c> as <c>__</c>.
/// A <c>*</c> segment stands for a name or list index the deployment chooses (a partner, an external system).
/// </summary>
public static class AppSettingNames
{
    // Identity-based storage, read by the Functions host for itself and by StorageServiceCollectionExtensions.
    public const string StorageAccountName = StorageServiceCollectionExtensions.SettingName + ":accountName";
    public const string StorageCredential = StorageServiceCollectionExtensions.SettingName + ":credential";
    public const string StorageClientId = StorageServiceCollectionExtensions.SettingName + ":clientId";

    /// <summary>Turns on the Azure Monitor exporter (TelemetryServiceCollectionExtensions) and the host's own telemetry.</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Read by the Functions host only: Entra ID authentication of its telemetry, as App Insights' local auth is off.</summary>
    public const string ApplicationInsightsAuthenticationString = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public const string EmailProvider = "Comms:Email:Provider";
    public const string EmailFrom = "Comms:Email:From";
    public const string SmsProvider = "Comms:Sms:Provider";
    public const string SmsFrom = "Comms:Sms:From";

    /// <summary>Identity-based ACS (Email and SMS): the resource's endpoint, used with the app's credential instead of <c>Comms:Acs:ConnectionString</c>.</summary>
    public const string AcsEndpoint = "Comms:Acs:Endpoint";

    public const string PushProvider = "Comms:Push:Provider";

    /// <summary>Notification Hubs sends with SAS only: the connection string comes from Key Vault.</summary>
    public const string NotificationHubsConnectionString = "Comms:NotificationHubs:ConnectionString";
    public const string NotificationHubsHubName = "Comms:NotificationHubs:HubName";

    public const string LetterDelivery = "Comms:Letter:Delivery";
    public const string ArchiveProvider = "Comms:Archive:Provider";
    public const string ExternalProvider = "Comms:External:Provider";
    public const string PrintHouseSftpHost = "Comms:Sftp:PrintHouse:Host";
    public const string PrintHouseSftpPort = "Comms:Sftp:PrintHouse:Port";
    public const string PrintHouseSftpUserName = "Comms:Sftp:PrintHouse:UserName";
    public const string PrintHouseSftpPassword = "Comms:Sftp:PrintHouse:Password";
    public const string PrintHouseSftpDirectory = "Comms:Sftp:PrintHouse:Directory";
    public const string PrintHouseSftpHostKeySha256 = "Comms:Sftp:PrintHouse:HostKeySha256";

    /// <summary>Account data from CMP (Cmp/CmpOptions): unset, Gather reads the profile CMP pushed instead.</summary>
    public const string CmpAccountUrl = "Comms:Cmp:AccountUrl";
    public const string CmpApiKeyHeader = "Comms:Cmp:ApiKeyHeader";
    public const string CmpApiKey = "Comms:Cmp:ApiKey";
    public const string CmpScope = "Comms:Cmp:Scope";
    public const string CmpTimeout = "Comms:Cmp:Timeout";
    public const string CmpTotalTimeout = "Comms:Cmp:TotalTimeout";
    public const string CmpRetryDelay = "Comms:Cmp:RetryDelay";
    public const string CmpCacheSeconds = "Comms:Cmp:CacheSeconds";

    /// <summary>The API keys both hosts check (Comms.Api/ApiKeys.cs): a role and a secret per key name.</summary>
    public const string ApiKeyRole = "Comms:Keys:*:Role";
    public const string ApiKeySecret = "Comms:Keys:*:Secret";

    public const string StatusWebhookPartnerSecrets = "Comms:StatusWebhook:Partners:*:Secrets:*";
    public const string ExternalSystemUrl = "Comms:External:Systems:*:Url";
    public const string ExternalSystemSecret = "Comms:External:Systems:*:Secret";

    /// <summary>The keys an Azure deployment sets. SMTP and connection-string ACS are for other hosts.</summary>
    public static IReadOnlyList<string> ReadInAzure { get; } =
    [
        StorageAccountName, StorageCredential, StorageClientId,
        ApplicationInsightsConnectionString, ApplicationInsightsAuthenticationString,
        EmailProvider, EmailFrom, SmsProvider, SmsFrom, AcsEndpoint,
        PushProvider, NotificationHubsConnectionString, NotificationHubsHubName,
        LetterDelivery, ArchiveProvider,
        PrintHouseSftpHost, PrintHouseSftpPort, PrintHouseSftpUserName, PrintHouseSftpPassword, PrintHouseSftpDirectory, PrintHouseSftpHostKeySha256,
        StatusWebhookPartnerSecrets, ExternalSystemUrl, ExternalSystemSecret,
        ApiKeyRole, ApiKeySecret,
    ];

    /// <summary>The app-setting (environment variable) spelling of a key: <c>Comms__Email__Provider</c>.</summary>
    public static string AsAppSetting(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Replace(":", "__", StringComparison.Ordinal);
    }
}
