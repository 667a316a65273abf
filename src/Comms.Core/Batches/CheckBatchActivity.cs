using Comms.Core.Activities;
using Comms.Core.Ports;

namespace Comms.Core.Batches;

/// <summary>
/// Whether every item of the batch is accounted for: invalid, or in a final state. The first check that finds it
/// complete marks the batch and queues its completion callback.
/// </summary>
public sealed class CheckBatchActivity(IBatchStore batches, IStatusCallbacks callbacks, TimeProvider time) : ICommsActivity<string, BatchProgress>
{
    public async Task<BatchProgress> RunAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var batch = await batches.GetAsync(batchId, cancellationToken);
        if (batch is null)
        {
            return new BatchProgress(true);
        }

        var counts = await batches.CountsAsync(batchId, cancellationToken);
        if (!BatchView.IsComplete(batch, counts))
        {
            return new BatchProgress(false);
        }

        // The orchestration stops checking once this returns complete; a run again after a crash queues the callback
        // again under the batch's one webhook-id, which the receiver drops as a repeat.
        await batches.MarkCompletedAsync(batchId, time.GetUtcNow(), cancellationToken);
        await callbacks.EnqueueAsync(new BatchCompletion(batchId, true, BatchView.Counts(counts)), cancellationToken);

        return new BatchProgress(true);
    }
}
