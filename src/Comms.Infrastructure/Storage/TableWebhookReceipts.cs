using Azure;
using Azure.Data.Tables;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Storage;

/// <summary><c>CommsWebhookReceipts</c>: PartitionKey = sender, RowKey = webhook id; the insert's conflict is the replay check.</summary>
public sealed class TableWebhookReceipts(StorageInitializer storage) : IWebhookReceipts
{
    public async Task<bool> TryRecordAsync(string sender, string webhookId, string requestId, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.WebhookReceiptsTable, cancellationToken);
        return await table.TryAddAsync(
            new TableEntity(TableKeys.Key(sender), TableKeys.Key(webhookId))
            {
                ["Sender"] = sender,
                ["WebhookId"] = webhookId,
                ["RequestId"] = requestId,
                ["ReceivedAt"] = receivedAt,
            },
            cancellationToken);
    }

    public async Task ForgetAsync(string sender, string webhookId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.WebhookReceiptsTable, cancellationToken);
        await table.DeleteEntityAsync(TableKeys.Key(sender), TableKeys.Key(webhookId), ETag.All, cancellationToken);
    }
}
