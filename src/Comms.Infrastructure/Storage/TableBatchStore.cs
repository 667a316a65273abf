using System.Globalization;
using System.Net;
using Azure;
using Azure.Data.Tables;
using Comms.Core.Batches;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using ItemPage = Comms.Core.Domain.Page<Comms.Core.Batches.BatchItem>;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// <c>CommsBatches</c> (PartitionKey = batch id, RowKey = <c>batch</c>) and <c>CommsBatchItems</c>, one partition per
/// batch: an item under its key (an invalid one under <c>!line-{line}</c>) and the batch's counts in
/// <see cref="Shards"/> rows <c>~count-NN</c>. Every change of an item is one transaction with its count row, ETag-checked
/// on both, so the counts are the sum of the items' states at every moment; the item's count row is chosen by its
/// key, so concurrent items spread over the shards instead of queuing on one row.
/// </summary>
public sealed class TableBatchStore(StorageInitializer storage) : IBatchStore
{
    internal const string BatchRowKey = "batch";
    internal const int Shards = 16;
    private const string CountPrefix = "~count-";
    private const string InvalidPrefix = "!line-";
    private const string Invalid = "invalid";
    private const string Final = "final";
    private const int MaxAttempts = 100;

    public async Task<(bool Created, BatchHeader Header)> CreateAsync(BatchHeader header, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        var table = await storage.TableAsync(StorageNames.BatchesTable, cancellationToken);
        var entity = new TableEntity(TableKeys.Key(header.BatchId), BatchRowKey)
        {
            ["BatchId"] = header.BatchId,
            ["Fingerprint"] = header.Fingerprint,
            ["Source"] = header.Source.ToString(),
            ["ItemsBlob"] = header.ItemsBlob,
            ["Defaults"] = header.Defaults,
            ["CreatedAt"] = header.CreatedAt,
        };
        return await table.TryAddAsync(entity, cancellationToken)
            ? (true, header)
            : (false, await GetAsync(header.BatchId, cancellationToken) ?? throw new InvalidOperationException($"Batch '{header.BatchId}' conflicted on insert but cannot be read."));
    }

    public async Task<BatchHeader?> GetAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.BatchesTable, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Key(batchId), BatchRowKey, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } e
            ? new BatchHeader(
                e.GetString("BatchId") ?? batchId,
                e.GetString("Fingerprint") ?? "",
                e.GetEnum<BatchSource>("Source"),
                e.GetString("ItemsBlob"),
                e.GetString("Defaults") ?? "{}",
                e.GetDateTimeOffset("CreatedAt") ?? default,
                e.GetBoolean("Prepared") ?? false,
                e.GetInt32("Expected") ?? 0,
                e.GetInt32("Accepted") ?? 0,
                e.GetInt32("Invalid") ?? 0,
                e.GetInt32("Chunks") ?? 0,
                e.GetString("Error"),
                e.GetDateTimeOffset("CancelledAt"),
                e.GetDateTimeOffset("CompletedAt"))
            : null;
    }

    public async Task AddItemsAsync(string batchId, int group, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count is 0 or > IBatchStore.MaxGroup)
        {
            throw new ArgumentOutOfRangeException(nameof(items), items.Count, $"A group has 1 to {IBatchStore.MaxGroup} items.");
        }

        var table = await storage.TableAsync(StorageNames.BatchItemsTable, cancellationToken);
        var pk = TableKeys.Key(batchId);
        var delta = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            Bump(delta, item.Status is { } s ? BatchView.Wire(s) : Invalid, 1);
        }

        for (var attempt = 1; ; attempt++)
        {
            var actions = await CountActionAsync(table, pk, group % Shards, delta, final: 0, cancellationToken);
            actions.InsertRange(0, items.Select(i => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(pk, i))));
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return;
            }
            catch (TableTransactionFailedException) when (attempt < MaxAttempts)
            {
                // Either the group is there (an earlier run wrote it, atomically with its count) or the count row changed.
                if (await table.GetEntityIfExistsAsync<TableEntity>(pk, RowKey(items[0]), ["RowKey"], cancellationToken) is { HasValue: true })
                {
                    return;
                }

                await EntityValues.Backoff(attempt, cancellationToken);
            }
        }
    }

    public async Task MarkPreparedAsync(string batchId, int expected, int accepted, int invalid, int chunks, string? error, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.BatchesTable, cancellationToken);
        await table.UpdateEntityAsync(
            new TableEntity(TableKeys.Key(batchId), BatchRowKey)
            {
                ["Prepared"] = true,
                ["Expected"] = expected,
                ["Accepted"] = accepted,
                ["Invalid"] = invalid,
                ["Chunks"] = chunks,
                ["Error"] = error,
            },
            ETag.All,
            TableUpdateMode.Merge,
            cancellationToken);
    }

    public async Task<bool> AdvanceItemAsync(string batchId, string itemKey, CommsStatus status, bool final, DateTimeOffset at, string? reason, string? providerMessageId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.BatchItemsTable, cancellationToken);
        var (pk, rk) = (TableKeys.Key(batchId), TableKeys.Key(itemKey));
        for (var attempt = 1; ; attempt++)
        {
            var read = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken);
            if (!read.HasValue || read.Value is not { } current || !Enum.TryParse<CommsStatus>(current.GetString("Status"), true, out var was))
            {
                return false;
            }

            var advances = CommsStatusRules.Advances(was, status);
            var wasFinal = current.GetBoolean("Final") ?? false;
            var becomesFinal = !wasFinal && final && (advances || was == status);
            var newMessageId = providerMessageId is not null && current.GetString("ProviderMessageId") is null;
            if (!advances && !becomesFinal && !newMessageId)
            {
                return false;
            }

            var update = new TableEntity(pk, rk);
            var delta = new Dictionary<string, int>(StringComparer.Ordinal);
            if (advances)
            {
                update["Status"] = status.ToString();
                update["At"] = at;
                Bump(delta, BatchView.Wire(was), -1);
                Bump(delta, BatchView.Wire(status), 1);
                if (reason is not null)
                {
                    update["Reason"] = reason.Length <= 2000 ? reason : reason[..2000];
                }
            }

            if (becomesFinal)
            {
                update["Final"] = true;
            }

            if (newMessageId)
            {
                update["ProviderMessageId"] = providerMessageId;
            }

            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateMerge, update, current.ETag) };
            if (delta.Count > 0 || becomesFinal)
            {
                actions.AddRange(await CountActionAsync(table, pk, Shard(itemKey), delta, becomesFinal ? 1 : 0, cancellationToken));
            }

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException) when (attempt < MaxAttempts)
            {
                // The item or its count row changed since they were read: read both again and decide again.
                await EntityValues.Backoff(attempt, cancellationToken);
            }
        }
    }

    public async Task SetItemDocumentsAsync(string batchId, string itemKey, IReadOnlyList<string> documents, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.BatchItemsTable, cancellationToken);
        try
        {
            await table.UpdateEntityAsync(
                new TableEntity(TableKeys.Key(batchId), TableKeys.Key(itemKey)) { ["Documents"] = string.Join(' ', documents) },
                ETag.All,
                TableUpdateMode.Merge,
                cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            // Not an item of that batch (a resend of one): nothing to record.
        }
    }

    public async Task<BatchItem?> GetItemAsync(string batchId, string itemKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.BatchItemsTable, cancellationToken);
        var read = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Key(batchId), TableKeys.Key(itemKey), cancellationToken: cancellationToken);
        return read.HasValue && read.Value is { } e ? ToItem(batchId, e) : null;
    }

    public async Task<BatchCounts> CountsAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.BatchItemsTable, cancellationToken);
        var byStatus = new Dictionary<CommsStatus, int>();
        var (invalid, final) = (0, 0);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Key(batchId)} and RowKey ge {CountPrefix} and RowKey lt {CountPrefix + "~"}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            foreach (var status in BatchView.Statuses)
            {
                byStatus[status] = byStatus.GetValueOrDefault(status) + (row.GetInt32(BatchView.Wire(status)) ?? 0);
            }

            invalid += row.GetInt32(Invalid) ?? 0;
            final += row.GetInt32(Final) ?? 0;
        }

        return new BatchCounts(byStatus, invalid, final);
    }

    public async Task<ItemPage> ListItemsAsync(string batchId, string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.BatchItemsTable, cancellationToken);
        var pk = TableKeys.Key(batchId);
        var filter = status switch
        {
            null => TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey lt {"~"}"),
            Invalid => TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {InvalidPrefix} and RowKey lt {InvalidPrefix + "~"}"),
            _ => TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey lt {"~"} and Status eq {Enum.Parse<CommsStatus>(status, ignoreCase: true).ToString()}"),
        };
        var size = Math.Clamp(pageSize, 1, 1000);
        await foreach (var page in table.QueryAsync<TableEntity>(filter, size, cancellationToken: cancellationToken)
                           .AsPages(string.IsNullOrEmpty(continuationToken) ? null : continuationToken, size))
        {
            return new ItemPage(page.Values.Select(e => ToItem(batchId, e)).ToList(), page.ContinuationToken);
        }

        return new ItemPage([], null);
    }

    public Task MarkCancelledAsync(string batchId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        SetOnceAsync(batchId, "CancelledAt", at, cancellationToken);

    public Task MarkCompletedAsync(string batchId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        SetOnceAsync(batchId, "CompletedAt", at, cancellationToken);

    private async Task SetOnceAsync(string batchId, string property, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.BatchesTable, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var read = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Key(batchId), BatchRowKey, cancellationToken: cancellationToken);
            if (!read.HasValue || read.Value is not { } current || current.GetDateTimeOffset(property) is not null)
            {
                return;
            }

            try
            {
                await table.UpdateEntityAsync(new TableEntity(current.PartitionKey, BatchRowKey) { [property] = at }, current.ETag, TableUpdateMode.Merge, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed && attempt < MaxAttempts)
            {
            }
        }
    }

    /// <summary>The count row's write in a transaction: its counts plus the change, inserted or replaced under its ETag.</summary>
    private static async Task<List<TableTransactionAction>> CountActionAsync(
        TableClient table, string pk, int shard, Dictionary<string, int> delta, int final, CancellationToken cancellationToken)
    {
        var rk = CountPrefix + shard.ToString("D2", CultureInfo.InvariantCulture);
        var read = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken);
        var current = read.HasValue ? read.Value : null;
        var row = new TableEntity(pk, rk);
        if (current is not null)
        {
            foreach (var (name, value) in current)
            {
                if (value is int n)
                {
                    row[name] = n;
                }
            }
        }

        foreach (var (name, change) in delta)
        {
            row[name] = (row.GetInt32(name) ?? 0) + change;
        }

        if (final != 0)
        {
            row[Final] = (row.GetInt32(Final) ?? 0) + final;
        }

        var action = current is null
            ? new TableTransactionAction(TableTransactionActionType.Add, row)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, current.ETag);
        return [action];
    }

    private static void Bump(Dictionary<string, int> counts, string name, int by) => counts[name] = counts.GetValueOrDefault(name) + by;

    /// <summary>The count row an item's changes go to: a stable hash of its key (FNV-1a), the same in every process.</summary>
    private static int Shard(string itemKey)
    {
        var hash = 2166136261u;
        foreach (var c in itemKey)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Shards);
    }

    private static string RowKey(BatchItem item) =>
        item.IsInvalid ? InvalidPrefix + item.Line.ToString("D9", CultureInfo.InvariantCulture) : TableKeys.Key(item.ItemKey!);

    private static TableEntity ToEntity(string pk, BatchItem item) => new(pk, RowKey(item))
    {
        ["Line"] = item.Line,
        ["ItemKey"] = item.ItemKey,
        ["RequestId"] = item.RequestId,
        ["Channel"] = item.Channel?.ToString(),
        ["Status"] = item.Status?.ToString() ?? Invalid,
        ["Final"] = item.Final,
        ["Reason"] = item.Reason is { Length: > 2000 } r ? r[..2000] : item.Reason,
        ["At"] = item.At,
    };

    private static BatchItem ToItem(string batchId, TableEntity e) => new(
        batchId,
        e.GetInt32("Line") ?? 0,
        e.GetString("ItemKey"),
        e.GetString("RequestId"),
        Enum.TryParse<Channel>(e.GetString("Channel"), out var channel) ? channel : null,
        Enum.TryParse<CommsStatus>(e.GetString("Status"), out var status) ? status : null,
        e.GetBoolean("Final") ?? false,
        e.GetString("Reason"),
        e.GetDateTimeOffset("At") ?? default,
        e.GetString("ProviderMessageId"),
        e.GetString("Documents") is { Length: > 0 } documents ? documents.Split(' ') : null);
}
