namespace Comms.Infrastructure.Storage;

/// <summary>The tables and blob containers of Comms (docs/architecture.md, Storage).</summary>
public static class StorageNames
{
    public const string RequestsTable = "CommsRequests";
    public const string ByAccountTable = "CommsByAccount";
    public const string DetailsTable = "CommsDetails";
    public const string StatusHistoryTable = "CommsStatusHistory";
    public const string SendLedgerTable = "CommsSendLedger";
    public const string ProviderMessagesTable = "CommsProviderMessages";
    public const string RejectedTable = "CommsRejected";
    public const string ProfilesTable = "AccountProfiles";
    public const string NotificationsTable = "OnlineNotifications";
    public const string WebhookReceiptsTable = "CommsWebhookReceipts";
    public const string RateLimitsTable = "CommsRateLimits";
    public const string ByStatusTable = "CommsByStatus";
    public const string BatchesTable = "CommsBatches";
    public const string BatchItemsTable = "CommsBatchItems";
    public const string BusinessKeysTable = "CommsBusinessKeys";
    public const string CancellationKeysTable = "CommsCancellationKeys";
    public const string ConsentTable = "CommsConsent";
    public const string AddressesTable = "CommsAddresses";
    public const string AuditTable = "CommsAudit";

    /// <summary>The agent page's search index (<c>TableSearchIndex</c>).</summary>
    public const string SearchTable = "CommsSearch";

    public const string WorkContainer = "comms-work";
    public const string ArchiveContainer = "comms-archive";

    /// <summary>Where the billing platform writes the NDJSON files of large batches.</summary>
    public const string BatchesContainer = "comms-batches";

    public static IReadOnlyList<string> Tables { get; } =
    [
        RequestsTable, ByAccountTable, DetailsTable, StatusHistoryTable, SendLedgerTable,
        ProviderMessagesTable, RejectedTable, ProfilesTable, NotificationsTable, WebhookReceiptsTable,
        RateLimitsTable, ByStatusTable, BatchesTable, BatchItemsTable, BusinessKeysTable, CancellationKeysTable,
        ConsentTable, AddressesTable, SearchTable, AuditTable,
    ];

    /// <summary>Published template versions and the active one per comms type (README, Template versions).</summary>
    public const string TemplatesContainer = "comms-templates";

    public static IReadOnlyList<string> Containers { get; } = [WorkContainer, ArchiveContainer, BatchesContainer, TemplatesContainer];
}
