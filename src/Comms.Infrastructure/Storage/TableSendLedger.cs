using System.Net;
using Azure;
using Azure.Data.Tables;
using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// <c>CommsSendLedger</c> (PartitionKey = request id, RowKey = purpose) and <c>CommsProviderMessages</c>
/// (PartitionKey = provider, RowKey = provider message id, with the request id).
/// </summary>
public sealed class TableSendLedger(StorageInitializer storage) : ISendLedger
{
    private const int MaxAttempts = 20;

    public async Task<LedgerEntry> ClaimAsync(string requestId, string purpose, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.SendLedgerTable, cancellationToken);
        var (pk, rk) = (TableKeys.Key(requestId), TableKeys.Key(purpose));
        if (await table.TryAddAsync(new TableEntity(pk, rk) { ["RequestId"] = requestId, ["Purpose"] = purpose, ["ClaimedAt"] = now, ["Attempts"] = 1 }, cancellationToken))
        {
            return new LedgerEntry(requestId, purpose, now, 1, null, null, null);
        }

        // Claimed before (or cancelled): count this attempt on the existing row.
        for (var attempt = 1; ; attempt++)
        {
            var current = (await table.GetEntityAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken)).Value;
            if (current.GetBoolean("Cancelled") == true)
            {
                return ToEntry(current);
            }

            var attempts = (current.GetInt32("Attempts") ?? 0) + 1;
            try
            {
                await table.UpdateEntityAsync(new TableEntity(pk, rk) { ["Attempts"] = attempts }, current.ETag, TableUpdateMode.Merge, cancellationToken);
                current["Attempts"] = attempts;
                return ToEntry(current);
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed && attempt < MaxAttempts)
            {
                // A concurrent claim or acceptance changed the row: read it again.
            }
        }
    }

    public async Task<bool> CancelAsync(string requestId, string purpose, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.SendLedgerTable, cancellationToken);
        var (pk, rk) = (TableKeys.Key(requestId), TableKeys.Key(purpose));
        var row = new TableEntity(pk, rk) { ["RequestId"] = requestId, ["Purpose"] = purpose, ["ClaimedAt"] = now, ["Attempts"] = 0, ["Cancelled"] = true };
        if (await table.TryAddAsync(row, cancellationToken))
        {
            return true;
        }

        // A send claimed it first, or an earlier cancel did.
        var current = (await table.GetEntityAsync<TableEntity>(pk, rk, ["Cancelled"], cancellationToken)).Value;
        return current.GetBoolean("Cancelled") == true;
    }

    public async Task RecordAcceptedAsync(string requestId, string purpose, SendReceipt receipt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // The map first: once the ledger says "accepted" no retry will write it, and a delivery report may come quickly.
        var map = await storage.TableAsync(StorageNames.ProviderMessagesTable, cancellationToken);
        await map.UpsertEntityAsync(
            new TableEntity(TableKeys.Key(receipt.Provider), TableKeys.Key(receipt.ProviderMessageId))
            {
                ["Provider"] = receipt.Provider,
                ["ProviderMessageId"] = receipt.ProviderMessageId,
                ["RequestId"] = requestId,
                ["Purpose"] = purpose,
            },
            TableUpdateMode.Replace,
            cancellationToken);

        var table = await storage.TableAsync(StorageNames.SendLedgerTable, cancellationToken);
        var update = new TableEntity(TableKeys.Key(requestId), TableKeys.Key(purpose))
        {
            ["Provider"] = receipt.Provider,
            ["ProviderMessageId"] = receipt.ProviderMessageId,
            ["AcceptedAt"] = now,
            ["Reached"] = receipt.Reached.ToString(),
            ["Detail"] = receipt.Detail,
        };
        try
        {
            await table.UpdateEntityAsync(update, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException($"Request '{requestId}' has no ledger claim for '{purpose}'.", e);
        }
    }

    public async Task<string?> FindRequestIdAsync(string provider, string providerMessageId, CancellationToken cancellationToken = default)
    {
        var map = await storage.TableAsync(StorageNames.ProviderMessagesTable, cancellationToken);
        var response = await map.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Key(provider), TableKeys.Key(providerMessageId), ["RequestId"], cancellationToken);
        return response.HasValue ? response.Value?.GetString("RequestId") : null;
    }

    private static LedgerEntry ToEntry(TableEntity e) => new(
        e.GetString("RequestId") ?? "",
        e.GetString("Purpose") ?? "",
        e.GetDateTimeOffset("ClaimedAt") ?? default,
        e.GetInt32("Attempts") ?? 0,
        e.GetString("Provider"),
        e.GetString("ProviderMessageId"),
        e.GetDateTimeOffset("AcceptedAt"),
        Enum.TryParse<CommsStatus>(e.GetString("Reached"), out var reached) ? reached : null,
        e.GetBoolean("Cancelled") == true);
}
