using System.Net;
using Azure;
using Azure.Data.Tables;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using EntityPage = Azure.Page<Azure.Data.Tables.TableEntity>;
using HeaderPage = Comms.Core.Domain.Page<Comms.Core.Domain.RequestHeader>;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// The header in <c>CommsRequests</c> (PartitionKey = request id, RowKey = <c>header</c>) and its index in
/// <c>CommsByAccount</c> (PartitionKey = account id, RowKey = inverted creation time + <c>_</c> + request id).
/// </summary>
public sealed class TableRequestStore(StorageInitializer storage) : IRequestStore
{
    internal const string HeaderRowKey = "header";

    // Each successful update raises the rank, and there are 8 ranks, so a writer loses at most 7 races to other
    // advances; the rest is headroom for the plain merges (SetDocuments, waits) that also change the ETag.
    private const int MaxAttempts = 16;

    public async Task<(bool Created, RequestHeader Header)> CreateAsync(RequestHeader header, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.RequestsTable, cancellationToken);
        var created = await table.TryAddAsync(ToEntity(header), cancellationToken);
        var stored = created
            ? header
            : await GetAsync(header.RequestId, cancellationToken) ?? throw new InvalidOperationException($"Request '{header.RequestId}' conflicted on insert but cannot be read.");

        // Written after the header and on every call, so that a call that stopped between the two rows is
        // completed by its retry; the key comes from the stored header, so it is the same row each time.
        var index = await storage.TableAsync(StorageNames.ByAccountTable, cancellationToken);
        await index.UpsertEntityAsync(ToIndexEntity(stored), TableUpdateMode.Replace, cancellationToken);
        return (created, stored);
    }

    public async Task<RequestHeader?> GetAsync(string requestId, CancellationToken cancellationToken = default)
    {
        var entity = await ReadAsync(requestId, cancellationToken);
        return entity is null ? null : FromEntity(entity);
    }

    public async Task<StatusAdvance> AdvanceStatusAsync(string requestId, CommsStatus status, DateTimeOffset at, string? failureReason, IReadOnlyList<DocumentRef>? documents = null, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.RequestsTable, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadAsync(requestId, cancellationToken);
            if (current is null)
            {
                return new StatusAdvance(false, null);
            }

            var currentStatus = current.GetEnum<CommsStatus>("Status");
            if (!CommsStatusRules.Advances(currentStatus, status))
            {
                // The same failure again (a retried record whose index write was lost): the index row again, same key.
                if (currentStatus == status && IsIndexed(status))
                {
                    await IndexByStatusAsync(requestId, status, current.GetDateTimeOffset("UpdatedAt") ?? at, cancellationToken);
                }

                if (documents is not null)
                {
                    var archived = DocumentProperties(documents);
                    await MergeAsync(requestId, archived, cancellationToken);
                    Apply(current, archived);
                }

                return new StatusAdvance(false, FromEntity(current));
            }

            var update = new TableEntity(current.PartitionKey, current.RowKey)
            {
                ["Status"] = status.ToString(),
                ["UpdatedAt"] = at,
            };
            if (failureReason is not null)
            {
                update["FailureReason"] = failureReason;
            }

            // A request that is sent (or further on its way) waits for nothing before the send any more. Send records its own `sent` (CommsWorkflow),
            // before the workflow clears the wait that preceded it: cleared here, in the same write, so that no one sees
            // a sent request still "waiting for a retry". The archive's wait, which comes after the send, is kept.
            if (status is CommsStatus.Sent or CommsStatus.Delivered or CommsStatus.Read
                && Enum.TryParse<WaitReason>(current.GetString("WaitingFor"), out var waiting) && waiting is WaitReason.Retry or WaitReason.RateLimit or WaitReason.QuietHours)
            {
                update["WaitingFor"] = "";
                update["WaitUntil"] = "";
            }

            if (documents is not null)
            {
                Apply(update, DocumentProperties(documents));
            }

            try
            {
                await table.UpdateEntityAsync(update, current.ETag, TableUpdateMode.Merge, cancellationToken);
                if (IsIndexed(status))
                {
                    await IndexByStatusAsync(requestId, status, at, cancellationToken);
                }

                // The header as this write left it: the row read, with what was written over it.
                Apply(current, update);
                return new StatusAdvance(true, FromEntity(current));
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed && attempt < MaxAttempts)
            {
                // Someone else changed the row since we read it: read it again and decide again.
            }
        }
    }

    /// <summary>Also ends a wait for the archive in the same write, so a request never shows archived and still waiting for it.</summary>
    public async Task SetDocumentsAsync(string requestId, IReadOnlyList<DocumentRef> documents, CancellationToken cancellationToken = default) =>
        await MergeAsync(requestId, DocumentProperties(documents), cancellationToken);

    /// <summary>The archived documents, and the archive's wait ended: what SetDocuments writes, and an advance that carries them.</summary>
    private static TableEntity DocumentProperties(IReadOnlyList<DocumentRef> documents) =>
        new() { ["Documents"] = CommsJson.Serialize(documents), ["WaitingFor"] = "", ["WaitUntil"] = "" };

    /// <summary>Writes <paramref name="properties"/> over <paramref name="entity"/>, as a merge does.</summary>
    private static void Apply(TableEntity entity, TableEntity properties)
    {
        foreach (var (name, value) in properties)
        {
            if (name is not ("PartitionKey" or "RowKey"))
            {
                entity[name] = value;
            }
        }
    }

    public async Task SetWaitAsync(RequestWait wait, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wait);

        // Merge writes no property whose value is null: an empty string clears one (so the time is kept as text).
        var properties = new TableEntity
        {
            ["WaitingFor"] = wait.WaitingFor?.ToString() ?? "",
            ["WaitUntil"] = wait.Until?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
        if (wait.LastError is { } error)
        {
            properties["LastError"] = Truncate(error);
        }

        await MergeAsync(wait.RequestId, properties, cancellationToken);
    }

    public async Task<string> LinkResendAsync(string requestId, string resentAs, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.RequestsTable, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadAsync(requestId, cancellationToken) ?? throw new InvalidOperationException($"There is no request '{requestId}'.");
            if (current.GetString("ResentAs") is { Length: > 0 } linked)
            {
                return linked;
            }

            try
            {
                await table.UpdateEntityAsync(new TableEntity(current.PartitionKey, current.RowKey) { ["ResentAs"] = resentAs }, current.ETag, TableUpdateMode.Merge, cancellationToken);
                return resentAs;
            }
            catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed && attempt < MaxAttempts)
            {
                // Changed since read (a status, or another resend): read again.
            }
        }
    }

    public Task<HeaderPage> ListByStatusAsync(CommsStatus status, DateTimeOffset from, DateTimeOffset to, int pageSize, string? continuationToken, CancellationToken cancellationToken = default) =>
        PageAsync(
            StorageNames.ByStatusTable,
            TableClient.CreateQueryFilter($"PartitionKey eq {status.ToString()} and RowKey ge {StatusRowKey(from, "")} and RowKey lt {StatusRowKey(to, "")}"),
            pageSize,
            continuationToken,
            cancellationToken);

    public Task<HeaderPage> ListByAccountAsync(string accountId, int pageSize, string? continuationToken, CancellationToken cancellationToken = default) =>
        PageAsync(StorageNames.ByAccountTable, TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Key(accountId)}"), pageSize, continuationToken, cancellationToken);

    /// <summary>One page of an index (rows carrying <c>RequestId</c>) and the headers it names; rows whose header is gone are skipped.</summary>
    private async Task<HeaderPage> PageAsync(string indexTable, string filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var index = await storage.TableAsync(indexTable, cancellationToken);
        var size = Math.Clamp(pageSize, 1, 100);
        EntityPage? page = null;
        await foreach (var p in index.QueryAsync<TableEntity>(filter, size, ["RequestId"], cancellationToken)
                           .AsPages(string.IsNullOrEmpty(continuationToken) ? null : continuationToken, size))
        {
            page = p;
            break;
        }

        if (page is null)
        {
            return new HeaderPage([], null);
        }

        var headers = await Task.WhenAll(page.Values.Select(row => GetAsync(row.GetString("RequestId") ?? "", cancellationToken)));
        return new HeaderPage(headers.OfType<RequestHeader>().ToList(), page.ContinuationToken);
    }

    private static bool IsIndexed(CommsStatus status) => status is CommsStatus.Failed or CommsStatus.Undeliverable;

    /// <summary>
    /// <c>CommsByStatus</c>: PartitionKey = the status, RowKey = the UTC time it was reached (sortable, to the
    /// millisecond) + <c>_</c> + request id. Written after the header; a record that stopped in between is retried, and
    /// the retry writes the row (same key: the header's time of the change).
    /// </summary>
    private async Task IndexByStatusAsync(string requestId, CommsStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var index = await storage.TableAsync(StorageNames.ByStatusTable, cancellationToken);
        await index.UpsertEntityAsync(
            new TableEntity(status.ToString(), StatusRowKey(at, TableKeys.Key(requestId))) { ["RequestId"] = requestId, ["At"] = at },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    private static string StatusRowKey(DateTimeOffset at, string key) =>
        at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff", System.Globalization.CultureInfo.InvariantCulture) + "_" + key;

    /// <summary>Keeps a stored reason within a Table string property (32 K characters), with room to spare.</summary>
    private static string Truncate(string text) => text.Length <= 4000 ? text : text[..4000] + "…";

    private async Task MergeAsync(string requestId, TableEntity properties, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(StorageNames.RequestsTable, cancellationToken);
        properties.PartitionKey = TableKeys.Key(requestId);
        properties.RowKey = HeaderRowKey;
        try
        {
            // Merge without an ETag: these properties are written only here, so they cannot undo a concurrent status change.
            await table.UpdateEntityAsync(properties, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            throw new InvalidOperationException($"There is no request '{requestId}'.", e);
        }
    }

    private async Task<TableEntity?> ReadAsync(string requestId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(requestId))
        {
            return null;
        }

        var table = await storage.TableAsync(StorageNames.RequestsTable, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Key(requestId), HeaderRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private static TableEntity ToEntity(RequestHeader h) => new(TableKeys.Key(h.RequestId), HeaderRowKey)
    {
        ["RequestId"] = h.RequestId,
        ["AccountId"] = h.AccountId,
        ["CommsType"] = h.CommsType,
        ["Channel"] = h.Channel.ToString(),
        ["Source"] = h.Source.ToString(),
        ["Status"] = h.Status.ToString(),
        ["CreatedAt"] = h.CreatedAt,
        ["UpdatedAt"] = h.UpdatedAt,
        ["FailureReason"] = h.FailureReason,
        ["Fingerprint"] = h.Fingerprint,
        ["OrchestrationStarted"] = h.OrchestrationStarted,
        ["Target"] = h.Target is null ? null : CommsJson.Serialize(h.Target),
        ["Documents"] = CommsJson.Serialize(h.Documents),
        ["ResendOf"] = h.ResendOf,
        ["ParentId"] = h.ParentId,
        ["Children"] = h.Children is { Count: > 0 } children ? CommsJson.Serialize(children) : null,
        ["TemplateVersion"] = h.TemplateVersion,
    };

    private static TableEntity ToIndexEntity(RequestHeader h) =>
        new(TableKeys.Key(h.AccountId), TableKeys.Inverted(h.CreatedAt) + "_" + TableKeys.Key(h.RequestId))
        {
            ["RequestId"] = h.RequestId,
            ["CreatedAt"] = h.CreatedAt,
        };

    private static RequestHeader FromEntity(TableEntity e)
    {
        var target = e.GetString("Target");
        var documents = e.GetString("Documents");
        return new RequestHeader(
            e.GetString("RequestId") ?? "",
            e.GetString("AccountId") ?? "",
            e.GetString("CommsType") ?? "",
            e.GetEnum<Channel>("Channel"),
            e.GetEnum<CommsSource>("Source"),
            e.GetEnum<CommsStatus>("Status"),
            e.GetDateTimeOffset("CreatedAt") ?? default,
            e.GetDateTimeOffset("UpdatedAt") ?? default,
            e.GetString("FailureReason"),
            e.GetString("Fingerprint") ?? "",
            e.GetBoolean("OrchestrationStarted") ?? false,
            string.IsNullOrEmpty(target) ? null : CommsJson.Deserialize<CommsTarget>(target),
            string.IsNullOrEmpty(documents) ? [] : CommsJson.Deserialize<List<DocumentRef>>(documents) ?? [],
            Enum.TryParse<WaitReason>(e.GetString("WaitingFor"), out var waitingFor) ? waitingFor : null,
            DateTimeOffset.TryParse(e.GetString("WaitUntil"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var until) ? until : null,
            NullIfEmpty(e.GetString("LastError")),
            NullIfEmpty(e.GetString("ResendOf")),
            NullIfEmpty(e.GetString("ResentAs")),
            NullIfEmpty(e.GetString("ParentId")),
            e.GetString("Children") is { Length: > 0 } children ? CommsJson.Deserialize<List<string>>(children) : null,
            e.GetInt32("TemplateVersion"));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
