using System.Net;
using Azure;
using Azure.Data.Tables;
using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// <c>OnlineNotifications</c>: PartitionKey = account id, RowKey = notification id, so the conditional insert
/// stores a repeated send once; <see cref="ListAsync"/> orders by creation time (an account's inbox is small).
/// </summary>
public sealed class TableNotificationInbox(StorageInitializer storage) : INotificationInbox
{
    private const int MaxAttempts = 10;

    public async Task AddAsync(OnlineNotification notification, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.NotificationsTable, cancellationToken);
        var entity = new TableEntity(TableKeys.Key(notification.AccountId), TableKeys.Key(notification.Id))
        {
            ["Id"] = notification.Id,
            ["AccountId"] = notification.AccountId,
            ["RequestId"] = notification.RequestId,
            ["CommsType"] = notification.CommsType,
            ["Title"] = notification.Title,
            ["Body"] = notification.Body,
            ["CreatedAt"] = notification.CreatedAt,
            ["ReadAt"] = notification.ReadAt,
        };
        // Already in the inbox (a repeated send): kept as it is, with its read state.
        await table.TryAddAsync(entity, cancellationToken);
    }

    public async Task<IReadOnlyList<OnlineNotification>> ListAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.NotificationsTable, cancellationToken);
        var pk = TableKeys.Key(accountId);
        var items = new List<OnlineNotification>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), cancellationToken: cancellationToken))
        {
            items.Add(FromEntity(e));
        }

        return items.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<OnlineNotification?> MarkReadAsync(string accountId, string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.NotificationsTable, cancellationToken);
        var (pk, rk) = (TableKeys.Key(accountId), TableKeys.Key(id));
        for (var attempt = 1; ; attempt++)
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken);
            if (!response.HasValue || response.Value is not { } e)
            {
                return null;
            }

            var current = FromEntity(e);
            if (current.ReadAt is not null)
            {
                return current; // the first read time is the one kept
            }

            try
            {
                await table.UpdateEntityAsync(new TableEntity(pk, rk) { ["ReadAt"] = at }, e.ETag, TableUpdateMode.Merge, cancellationToken);
                return current with { ReadAt = at };
            }
            catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed && attempt < MaxAttempts)
            {
                // Read concurrently: read again and keep whichever time was stored first.
            }
        }
    }

    private static OnlineNotification FromEntity(TableEntity e) => new(
        e.GetString("Id") ?? e.RowKey,
        e.GetString("AccountId") ?? "",
        e.GetString("RequestId") ?? "",
        e.GetString("CommsType") ?? "",
        e.GetString("Title") ?? "",
        e.GetString("Body") ?? "",
        e.GetDateTimeOffset("CreatedAt") ?? default,
        e.GetDateTimeOffset("ReadAt"));
}
