using Comms.Core.Activities;
using Comms.Core.Batches;
using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Core.Intake;

/// <summary>What a cancel did to one request.</summary>
public enum CancelDisposition
{
    /// <summary>Cancelled now, or before: nothing is or will be sent.</summary>
    Cancelled,

    /// <summary>Too late: the send has started or happened, or the request ended otherwise; <see cref="CancelResult.Status"/> says how far it got.</summary>
    TooLate,

    /// <summary>No such request.</summary>
    NotFound,
}

public sealed record CancelResult(CancelDisposition Disposition, CommsStatus? Status);

/// <summary>What cancelling many requests did (a batch, or a cancellation key).</summary>
public sealed record CancelCounts(int Cancelled, int TooLate);

/// <summary>
/// Cancels requests before their send (README, Cancel). The send ledger decides: the cancel writes the send's ledger
/// row as cancelled unless a send claimed it first, and a send that comes later finds it and sends nothing; so a cancel
/// that answered "cancelled" is never followed by a send, and one that came too late says so. The request ends
/// <c>cancelled</c> at once, even while its orchestration sleeps until a send time.
/// </summary>
public sealed class Cancellations(
    IRequestStore requests,
    IBatchStore batches,
    ISendLedger ledger,
    ICancellationKeys keys,
    StatusRecorder recorder,
    TimeProvider time)
{
    private const int Concurrency = 16;

    public async Task<CancelResult> CancelAsync(string requestId, CancellationToken cancellationToken = default)
    {
        var header = await requests.GetAsync(requestId, cancellationToken);
        BatchItem? item = null;
        if (header is null && RequestIds.TryParseBatchItem(requestId, out var batchId, out var itemKey))
        {
            // A batch item not started yet has no header, only its item row.
            item = await batches.GetItemAsync(batchId, itemKey, cancellationToken);
        }

        if ((header?.Status ?? item?.Status) is not { } status || (header?.Channel ?? item?.Channel) is not { } channel)
        {
            return new CancelResult(CancelDisposition.NotFound, null);
        }

        if (status == CommsStatus.Cancelled)
        {
            return new CancelResult(CancelDisposition.Cancelled, status);
        }

        if (header?.Children is { Count: > 0 } children && CommsStatusRules.Rank(status) < CommsStatusRules.Rank(CommsStatus.Sent))
        {
            // A chain or a fan-out sends nothing itself. The parent first, so a child opened from now on finds it
            // cancelled (OpenChildActivity); then the children that exist: a child already sent stays sent.
            await RecordCancelledAsync(requestId, "cancelled with its children", cancellationToken);
            foreach (var child in children)
            {
                await CancelAsync(child, cancellationToken);
            }

            return new CancelResult(CancelDisposition.Cancelled, CommsStatus.Cancelled);
        }

        if (CommsStatusRules.Rank(status) >= CommsStatusRules.Rank(CommsStatus.Sent) || !await ledger.CancelAsync(requestId, RequestIds.SendPurpose(channel), time.GetUtcNow(), cancellationToken))
        {
            var now = await requests.GetAsync(requestId, cancellationToken);
            return new CancelResult(CancelDisposition.TooLate, now?.Status ?? status);
        }

        await RecordCancelledAsync(requestId, "cancelled before the send", cancellationToken);
        return new CancelResult(CancelDisposition.Cancelled, CommsStatus.Cancelled);
    }

    private Task<bool> RecordCancelledAsync(string requestId, string detail, CancellationToken cancellationToken) =>
        recorder.RecordAsync(
            new StatusReport(requestId, CommsStatus.Cancelled, time.GetUtcNow(), RequestIds.PipelineSource, detail, RequestIds.PipelineReport(CommsStatus.Cancelled)),
            cancellationToken);

    /// <summary>
    /// Cancels every item of the batch that has not been sent, and stops the batch from starting more. Null when
    /// there is no such batch.
    /// </summary>
    public async Task<CancelCounts?> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default)
    {
        if (await batches.GetAsync(batchId, cancellationToken) is null)
        {
            return null;
        }

        await batches.MarkCancelledAsync(batchId, time.GetUtcNow(), cancellationToken);
        var (cancelled, tooLate) = (0, 0);
        string? token = null;
        do
        {
            var page = await batches.ListItemsAsync(batchId, null, 1000, token, cancellationToken);
            var results = await CancelManyAsync(page.Items.Where(i => !i.IsInvalid).Select(i => i.RequestId!), cancellationToken);
            cancelled += results.Cancelled;
            tooLate += results.TooLate;
            token = page.ContinuationToken;
        }
        while (token is not null);

        return new CancelCounts(cancelled, tooLate);
    }

    /// <summary>Cancels the requests submitted with the cancellation key: "the invoice was paid, cancel its reminder".</summary>
    public async Task<CancelCounts> CancelByKeyAsync(string cancellationKey, CancellationToken cancellationToken = default) =>
        await CancelManyAsync(await keys.ListAsync(cancellationKey, cancellationToken), cancellationToken);

    private async Task<CancelCounts> CancelManyAsync(IEnumerable<string> requestIds, CancellationToken cancellationToken)
    {
        var (cancelled, tooLate) = (0, 0);
        await Parallel.ForEachAsync(
            requestIds,
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (requestId, ct) =>
            {
                var result = await CancelAsync(requestId, ct);
                if (result.Disposition == CancelDisposition.Cancelled)
                {
                    Interlocked.Increment(ref cancelled);
                }
                else if (result.Disposition == CancelDisposition.TooLate)
                {
                    Interlocked.Increment(ref tooLate);
                }
            });
        return new CancelCounts(cancelled, tooLate);
    }
}
