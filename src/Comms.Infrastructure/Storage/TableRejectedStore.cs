using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// <c>CommsRejected</c>: one partition, RowKey = inverted time + <c>_</c> + id, so a query reads newest first.
/// A Table string property holds at most 32K UTF-16 chars, so the raw text is split over <c>RawText0</c>,
/// <c>RawText1</c>, … (a whole queue message, 64 KB, fits; the 1 MB entity limit caps it at
/// <see cref="MaxRawChars"/>, beyond which it is truncated and <c>RawTextTruncated</c> is set).
/// </summary>
public sealed class TableRejectedStore(StorageInitializer storage) : IRejectedStore
{
    internal const string Partition = "rejected";
    internal const int ChunkChars = 30_000;
    internal const int MaxChunks = 12;
    internal const int MaxRawChars = ChunkChars * MaxChunks;
    private const int MaxReasonChars = ChunkChars;

    /// <summary>A rejected message's own id (an Event Grid id, a queue message id) is whatever the sender wrote: kept to this many characters.</summary>
    public const int MaxIdChars = 1000;

    /// <summary>A batch transaction holds at most 100 operations and 4 MiB; the rows are cut well under both.</summary>
    private const int BatchRows = 100;
    private const int BatchChars = 1_000_000;

    public async Task AddAsync(RejectedMessage message, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.RejectedTable, cancellationToken);

        // The same message rejected again (same id and time) overwrites its row instead of adding one.
        await table.UpsertEntityAsync(ToEntity(message), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task AddManyAsync(IReadOnlyList<RejectedMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var table = await storage.TableAsync(StorageNames.RejectedTable, cancellationToken);
        var batch = new Dictionary<string, TableTransactionAction>(StringComparer.Ordinal);
        var chars = 0;
        foreach (var message in messages)
        {
            var entity = ToEntity(message);
            var size = (message.RawText?.Length ?? 0) + (message.Reason?.Length ?? 0) + 2 * Math.Min(message.Id.Length, MaxIdChars);
            if (batch.Count > 0 && (batch.Count == BatchRows || chars + size > BatchChars))
            {
                await table.SubmitTransactionAsync(batch.Values, cancellationToken);
                (batch, chars) = (new(StringComparer.Ordinal), 0);
            }

            // A transaction may not touch one row twice: the later of two equal rows wins, as with AddAsync.
            batch[entity.RowKey] = new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity);
            chars += size;
        }

        if (batch.Count > 0)
        {
            await table.SubmitTransactionAsync(batch.Values, cancellationToken);
        }
    }

    private static TableEntity ToEntity(RejectedMessage message)
    {
        var entity = new TableEntity(Partition, TableKeys.Inverted(message.At) + "_" + TableKeys.Key(message.Id))
        {
            ["Id"] = Truncate(message.Id, MaxIdChars),
            ["Source"] = message.Source,
            ["At"] = message.At,
            ["Reason"] = Truncate(message.Reason ?? "", MaxReasonChars),
            ["RawTextLength"] = message.RawText?.Length ?? 0,
        };
        var raw = message.RawText ?? "";
        var (start, chunks) = (0, 0);
        for (; start < raw.Length && chunks < MaxChunks; chunks++)
        {
            var length = Math.Min(ChunkChars, raw.Length - start);
            if (length < raw.Length - start && char.IsHighSurrogate(raw[start + length - 1]))
            {
                length--; // never split a surrogate pair: each property must be valid UTF-16
            }

            entity["RawText" + chunks.ToString(CultureInfo.InvariantCulture)] = raw.Substring(start, length);
            start += length;
        }

        entity["RawTextChunks"] = chunks;
        entity["RawTextTruncated"] = start < raw.Length;
        return entity;
    }

    public async Task<Page<RejectedMessage>> ListAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.RejectedTable, cancellationToken);
        var size = Math.Clamp(pageSize, 1, 100);
        await foreach (var page in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), size, cancellationToken: cancellationToken)
                           .AsPages(string.IsNullOrEmpty(continuationToken) ? null : continuationToken, size))
        {
            return new Page<RejectedMessage>(page.Values.Select(FromEntity).ToList(), page.ContinuationToken);
        }

        return new Page<RejectedMessage>([], null);
    }

    private static RejectedMessage FromEntity(TableEntity e)
    {
        var raw = new StringBuilder();
        var chunks = e.GetInt32("RawTextChunks") ?? 0;
        for (var i = 0; i < chunks; i++)
        {
            raw.Append(e.GetString("RawText" + i.ToString(CultureInfo.InvariantCulture)));
        }

        return new RejectedMessage(
            e.GetString("Id") ?? "",
            e.GetString("Source") ?? "",
            e.GetDateTimeOffset("At") ?? default,
            e.GetString("Reason") ?? "",
            raw.ToString());
    }

    private static string Truncate(string value, int max) =>
        value.Length <= max ? value : value[..(char.IsHighSurrogate(value[max - 1]) ? max - 1 : max)];
}
