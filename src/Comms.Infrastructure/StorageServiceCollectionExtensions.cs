using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Comms.Core.Ports;
using Comms.Infrastructure.Identity;
using Comms.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Comms.Infrastructure;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The setting the Functions host also reads for its own storage.</summary>
    public const string SettingName = "AzureWebJobsStorage";

    /// <summary>
    /// Registers the Table, Blob and Queue service clients from <c>AzureWebJobsStorage</c> and every storage port.
    /// The setting is a connection string (<c>UseDevelopmentStorage=true</c> or one with endpoints), or identity-based
    /// like the Functions host: <c>AzureWebJobsStorage__accountName</c> (or <c>__tableServiceUri</c>, <c>__blobServiceUri</c>,
    /// <c>__queueServiceUri</c>), with <c>__credential</c> = <c>managedidentity</c> and <c>__clientId</c> for a managed identity,
    /// else DefaultAzureCredential: the one credential of <see cref="AzureCredentialServiceCollectionExtensions"/>. Clients registered before this call are kept.
    /// </summary>
    public static IServiceCollection AddCommsStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCommsAzureCredential(configuration);
        var settings = StorageSettings.From(configuration);
        services.TryAddSingleton(sp => settings.ConnectionString is { } cs
            ? new TableServiceClient(cs)
            : new TableServiceClient(settings.Endpoint("table"), sp.GetRequiredService<TokenCredential>()));
        services.TryAddSingleton(sp => settings.ConnectionString is { } cs
            ? new BlobServiceClient(cs)
            : new BlobServiceClient(settings.Endpoint("blob"), sp.GetRequiredService<TokenCredential>()));
        services.TryAddSingleton(sp => settings.ConnectionString is { } cs
            ? new QueueServiceClient(cs)
            : new QueueServiceClient(settings.Endpoint("queue"), sp.GetRequiredService<TokenCredential>()));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageInitializer>();
        services.TryAddSingleton<IRequestStore, TableRequestStore>();
        services.TryAddSingleton<IStatusHistory, TableStatusHistory>();
        services.TryAddSingleton<IDetailStore, TableDetailStore>();
        services.TryAddSingleton<ISendLedger, TableSendLedger>();
        services.TryAddSingleton<IRejectedStore, TableRejectedStore>();
        services.TryAddSingleton<IProfileStore, TableProfileStore>();
        services.TryAddSingleton<INotificationInbox, TableNotificationInbox>();
        services.TryAddSingleton<IWebhookReceipts, TableWebhookReceipts>();
        services.TryAddSingleton<IRateLimiter, TableRateLimiter>();
        services.TryAddSingleton<IWorkStore, BlobWorkStore>();
        services.TryAddSingleton<IBatchStore, TableBatchStore>();
        services.TryAddSingleton<IBatchFiles, BlobBatchFiles>();
        services.TryAddSingleton<IBusinessKeys, TableBusinessKeys>();
        services.TryAddSingleton<ICancellationKeys, TableCancellationKeys>();
        services.TryAddSingleton<IConsentStore, TableConsentStore>();
        services.TryAddSingleton<ITemplateStore, BlobTemplateStore>();
        services.TryAddSingleton<ISearchIndex, TableSearchIndex>();
        services.TryAddSingleton<IAuditLog, TableAuditLog>();
        AddArchive(services, configuration);
        services.TryAddSingleton<IStorageProbe, StorageProbe>();
        return services;
    }

    /// <summary><c>Comms:Archive:Provider</c>: <c>Blob</c> (the default, container <c>comms-archive</c>) or <c>Sftp</c> (<c>Comms:Sftp:Archive</c>).</summary>
    private static void AddArchive(IServiceCollection services, IConfiguration configuration)
    {
        if (Channels.ProviderSettings.Choose(configuration, AppSettingNames.ArchiveProvider, Channels.ArchiveProvider.Blob) == Channels.ArchiveProvider.Sftp)
        {
            Sftp.SftpStore.AddSftpStore(services, Sftp.SftpOptions.ArchiveSection);
            services.TryAddSingleton<IArchive>(sp => new SftpArchive(sp.GetRequiredKeyedService<Sftp.SftpStore>(Sftp.SftpOptions.ArchiveSection)));
        }
        else
        {
            services.TryAddSingleton<IArchive, BlobArchive>();
        }
    }

    private sealed class StorageSettings
    {
        private readonly IConfigurationSection section;

        private StorageSettings(IConfigurationSection section)
        {
            this.section = section;
            ConnectionString = string.IsNullOrWhiteSpace(section.Value) ? null : section.Value;
        }

        public string? ConnectionString { get; }

        public static StorageSettings From(IConfiguration configuration) => new(configuration.GetSection(SettingName));

        /// <summary><c>{service}ServiceUri</c> when set, else <c>https://{accountName}.{service}.core.windows.net</c>.</summary>
        public Uri Endpoint(string service)
        {
            if (section[service + "ServiceUri"] is { Length: > 0 } uri)
            {
                return new Uri(uri);
            }

            return section["accountName"] is { Length: > 0 } account
                ? new Uri($"https://{account}.{service}.core.windows.net")
                : throw new InvalidOperationException(
                    $"Storage is not configured: set {SettingName} to a connection string, or {SettingName}__accountName for identity-based access.");
        }
    }
}
