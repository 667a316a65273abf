using Azure.Data.Tables;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Storage;

/// <summary><c>CommsBusinessKeys</c> (PartitionKey = business key, RowKey = <c>key</c>): the first request under each key, by conditional insert.</summary>
public sealed class TableBusinessKeys(StorageInitializer storage) : IBusinessKeys
{
    public async Task<(string RequestId, string ContentHash)> ClaimAsync(string businessKey, string requestId, string contentHash, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.BusinessKeysTable, cancellationToken);
        var row = new TableEntity(TableKeys.Key(businessKey), "key") { ["BusinessKey"] = businessKey, ["RequestId"] = requestId, ["ContentHash"] = contentHash };
        if (await table.TryAddAsync(row, cancellationToken))
        {
            return (requestId, contentHash);
        }

        var held = (await table.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken)).Value;
        return (held.GetString("RequestId") ?? "", held.GetString("ContentHash") ?? "");
    }
}

/// <summary><c>CommsCancellationKeys</c> (PartitionKey = cancellation key, RowKey = request id).</summary>
public sealed class TableCancellationKeys(StorageInitializer storage) : ICancellationKeys
{
    public async Task AddAsync(string cancellationKey, string requestId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.CancellationKeysTable, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Key(cancellationKey), TableKeys.Key(requestId)) { ["RequestId"] = requestId }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string cancellationKey, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.CancellationKeysTable, cancellationToken);
        var ids = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Key(cancellationKey)}"), select: ["RequestId"], cancellationToken: cancellationToken))
        {
            ids.Add(row.GetString("RequestId") ?? "");
        }

        return ids;
    }
}
