using System.Net;
using System.Runtime.InteropServices;
using Azure;
using Azure.Data.Tables;
using Comms.Core.Pacing;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// Rate limits shared by every instance of the app: one row per sender in <c>CommsRateLimits</c> (PartitionKey =
/// sender key, RowKey = <c>slots</c>) holding, per window, the times of the latest reserved slots (as many as the
/// window's limit), and the pause a provider's 429 asked for. A reservation reads the row, picks the earliest time
/// that keeps every window within its limit and is at least period / limit after the last reservation (so sends keep
/// their order and are spread evenly, never bunched at one instant), and writes the row back under its ETag; a
/// concurrent writer makes it read and pick again. A sender idle for a while gets its slot at once. Two lanes: the bulk
/// lane (batch items) reserves only up to a lookahead ahead and otherwise takes a turn in a queue (<c>BulkNext</c>), so
/// that a single request never waits behind a whole bill run.
/// </summary>
public sealed class TableRateLimiter(StorageInitializer storage) : IRateLimiter
{
    internal const string RowKey = "slots";
    private const string PausedUntil = "PausedUntil";
    private const string BulkNext = "BulkNext";
    private const int MaxAttempts = 100;

    public async Task<DateTimeOffset> ReserveAsync(string senderKey, IReadOnlyList<RateWindow> limits, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        (await ReserveAsync(senderKey, limits, now, bulk: false, turn: null, cancellationToken)).At;

    public Task<(DateTimeOffset At, bool Reserved)> ReserveBulkAsync(string senderKey, IReadOnlyList<RateWindow> limits, DateTimeOffset now, DateTimeOffset? turn, CancellationToken cancellationToken = default) =>
        ReserveAsync(senderKey, limits, now, bulk: true, turn, cancellationToken);

    private async Task<(DateTimeOffset At, bool Reserved)> ReserveAsync(string senderKey, IReadOnlyList<RateWindow> limits, DateTimeOffset now, bool bulk, DateTimeOffset? turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var table = await storage.TableAsync(StorageNames.RateLimitsTable, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadAsync(table, senderKey, cancellationToken);
            var row = new TableEntity(TableKeys.Key(senderKey), RowKey);
            var slot = now;
            if (current?.GetDateTimeOffset(PausedUntil) is { } paused && paused > slot)
            {
                slot = paused;
                row[PausedUntil] = paused;
            }

            var logs = limits.Select(w => (Window: w, Log: Slots(current, w))).ToList();
            foreach (var (window, log) in logs)
            {
                // Spaced by period / limit after the last slot: sends of a full window are spread over it instead of
                // all waking at one instant (which would delay many past their slot's margin).
                if (log.Count > 0 && new DateTimeOffset(log[^1], TimeSpan.Zero) + window.Period / window.Limit is var spaced && spaced > slot)
                {
                    slot = spaced;
                }

                if (log.Count >= window.Limit && new DateTimeOffset(log[^window.Limit], TimeSpan.Zero) + window.Enforced is var free && free > slot)
                {
                    slot = free;
                }
            }

            if (bulk && slot > now + RateWindow.Lookahead(limits))
            {
                // Not reserved: the bulk lane takes a turn instead. A returning item keeps its turn and writes nothing;
                // a new one queues after the last turn given, spaced like the slots, so the queue comes back evenly.
                if (turn is not null)
                {
                    return (slot > turn ? slot : turn.Value, false);
                }

                var next = current?.GetDateTimeOffset(BulkNext) is { } queued && queued > slot ? queued : slot;
                var queue = new TableEntity(TableKeys.Key(senderKey), RowKey) { [BulkNext] = next + TimeSpan.FromTicks(limits.Max(w => w.Spacing.Ticks)) };
                if (await TryWriteAsync(table, queue, current, cancellationToken, TableUpdateMode.Merge))
                {
                    return (next, false);
                }
            }
            else
            {
                foreach (var (window, log) in logs)
                {
                    log.Add(slot.UtcTicks);
                    row[Property(window)] = MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(log)[Math.Max(0, log.Count - window.Limit)..]).ToArray();
                }

                if (current?.GetDateTimeOffset(BulkNext) is { } bulkNext)
                {
                    row[BulkNext] = bulkNext;
                }

                if (await TryWriteAsync(table, row, current, cancellationToken))
                {
                    return (slot, true);
                }
            }

            if (attempt == MaxAttempts)
            {
                // Never a slot that is not recorded: the send fails transiently and the workflow tries again later.
                throw new InvalidOperationException($"The rate limiter of {senderKey} is too busy: {MaxAttempts} reservations in a row lost to other instances.");
            }

            await EntityValues.Backoff(attempt, cancellationToken);
        }
    }


    public async Task PauseAsync(string senderKey, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.RateLimitsTable, cancellationToken);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await ReadAsync(table, senderKey, cancellationToken);
            if (current?.GetDateTimeOffset(PausedUntil) is { } paused && paused >= until)
            {
                return;
            }

            var row = new TableEntity(TableKeys.Key(senderKey), RowKey) { [PausedUntil] = until };
            if (await TryWriteAsync(table, row, current, cancellationToken, TableUpdateMode.Merge))
            {
                return;
            }

            await EntityValues.Backoff(attempt, cancellationToken);
        }
    }

    /// <summary>The window's reserved slots (UTC ticks, ascending).</summary>
    private static List<long> Slots(TableEntity? row, RateWindow window) =>
        row?.GetBinary(Property(window)) is { } bytes ? [.. MemoryMarshal.Cast<byte, long>(bytes)] : [];

    /// <summary>One property per period, so that a changed limit keeps the slots of its period.</summary>
    private static string Property(RateWindow window) => "W" + (long)window.Period.TotalMilliseconds;

    private static async Task<TableEntity?> ReadAsync(TableClient table, string senderKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Key(senderKey), RowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Writes the row if nobody else did since it was read: false when someone did.</summary>
    private static async Task<bool> TryWriteAsync(TableClient table, TableEntity row, TableEntity? read, CancellationToken cancellationToken, TableUpdateMode mode = TableUpdateMode.Replace)
    {
        try
        {
            if (read is null)
            {
                return await table.TryAddAsync(row, cancellationToken);
            }

            await table.UpdateEntityAsync(row, read.ETag, mode, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.PreconditionFailed)
        {
            return false;
        }
    }
}
