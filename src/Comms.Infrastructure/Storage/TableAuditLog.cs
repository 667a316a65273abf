using Azure.Data.Tables;
using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// <c>CommsAudit</c>: PartitionKey = the scope's partition (<c>account:{accountId}</c>, <c>templates:{commsType}</c>, …;
/// <see cref="AuditScope.Partition"/>, made a valid key by <see cref="TableKeys.Key"/>), RowKey = inverted time + <c>_</c> +
/// a fresh id, so a partition reads newest first and two entries at the same tick never overwrite each other.
/// Entries are only added, never changed.
/// </summary>
public sealed class TableAuditLog(StorageInitializer storage) : IAuditLog
{
    /// <summary>A target or detail is whatever the caller named (a request id, a document name): kept to this many characters.</summary>
    public const int MaxTextChars = 1000;

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var table = await storage.TableAsync(StorageNames.AuditTable, cancellationToken);
        var row = new TableEntity(TableKeys.Key(entry.Scope.Partition), TableKeys.Inverted(entry.At) + "_" + Guid.NewGuid().ToString("N"))
        {
            ["At"] = entry.At,
            ["Action"] = Truncate(entry.Action),
            ["KeyName"] = Truncate(entry.KeyName),
            ["Role"] = Truncate(entry.Role),
            ["ScopeKind"] = entry.Scope.Kind,
            ["ScopeId"] = Truncate(entry.Scope.Id),
            ["Target"] = Truncate(entry.Target),
            ["Detail"] = entry.Detail is null ? null : Truncate(entry.Detail),
        };
        await table.AddEntityAsync(row, cancellationToken);
    }

    public async Task<Page<AuditEntry>> ListAsync(AuditScope scope, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var table = await storage.TableAsync(StorageNames.AuditTable, cancellationToken);
        var size = Math.Clamp(pageSize, 1, 100);
        var partition = TableKeys.Key(scope.Partition);
        await foreach (var page in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), size, cancellationToken: cancellationToken)
                           .AsPages(string.IsNullOrEmpty(continuationToken) ? null : continuationToken, size))
        {
            return new Page<AuditEntry>(page.Values.Select(FromEntity).ToList(), page.ContinuationToken);
        }

        return new Page<AuditEntry>([], null);
    }

    private static AuditEntry FromEntity(TableEntity e) => new(
        e.GetDateTimeOffset("At") ?? default,
        e.GetString("Action") ?? "",
        e.GetString("KeyName") ?? "",
        e.GetString("Role") ?? "",
        new AuditScope(e.GetString("ScopeKind") ?? "", e.GetString("ScopeId") ?? ""),
        e.GetString("Target") ?? "",
        e.GetString("Detail"));

    private static string Truncate(string value) =>
        value.Length <= MaxTextChars ? value : value[..(char.IsHighSurrogate(value[MaxTextChars - 1]) ? MaxTextChars - 1 : MaxTextChars)];
}
