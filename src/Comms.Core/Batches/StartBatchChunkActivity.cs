using System.Text;
using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Comms.Core.Text;
using Microsoft.Extensions.Options;

namespace Comms.Core.Batches;

/// <summary>
/// Starts the requests of one chunk through the intake, as single requests are started: a request that exists is not
/// started again, so the activity is safe to run again after a crash. Nothing is started once the batch is cancelled.
/// An item the intake refuses (its business key held by another communication) ends <c>rejected</c> with the reason;
/// the items of a cancelled batch end <c>cancelled</c> (one started by an earlier run of the chunk: unless sent).
/// Each host runs it with its own <see cref="IWorkflowClient"/>.
/// </summary>
public sealed class StartBatchChunkActivity(
    IBatchStore batches,
    IBatchFiles files,
    CommsIntake intake,
    Cancellations cancellations,
    IOptions<BatchOptions> options,
    TimeProvider time)
{
    public async Task<int> RunAsync(BatchChunk chunk, IWorkflowClient workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var batch = await batches.GetAsync(chunk.BatchId, cancellationToken);
        var lines = Encoding.UTF8.GetString(await files.GetChunkAsync(chunk.BatchId, chunk.Index, cancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var started = 0;
        await Parallel.ForEachAsync(
            lines,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.ItemConcurrency, CancellationToken = cancellationToken },
            async (line, ct) =>
            {
                var request = CommsJson.Deserialize<CommsRequest>(line) ?? throw new InvalidOperationException($"Chunk {chunk.Index} of batch '{chunk.BatchId}' has an empty line.");
                if (batch?.CancelledAt is not null)
                {
                    // The batch was cancelled, perhaps before these items were listed: they end cancelled, not waiting.
                    await cancellations.CancelAsync(request.RequestId, ct);
                    return;
                }

                var result = await intake.SubmitAsync(request, workflow, ct);
                if (Refusal(request, result) is { } reason && RequestIds.TryParseBatchItem(request.RequestId, out var batchId, out var itemKey))
                {
                    await batches.AdvanceItemAsync(batchId, itemKey, CommsStatus.Rejected, true, time.GetUtcNow(), reason, null, ct);
                }
                else
                {
                    Interlocked.Increment(ref started);
                }
            });
        return started;
    }

    private static string? Refusal(CommsRequest request, IntakeResult result) => result.Disposition switch
    {
        IntakeDisposition.Refused => string.Join("; ", result.Errors!.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")),
        IntakeDisposition.Conflict => $"Request '{request.RequestId}' exists with different content.",
        IntakeDisposition.BusinessKeyConflict => $"businessKey: '{request.BusinessKey}' is request '{result.Header.RequestId}', with different content.",
        IntakeDisposition.Existing when result.Header.RequestId != request.RequestId => $"businessKey: '{request.BusinessKey}' is request '{result.Header.RequestId}' already; not sent again.",
        _ => null,
    };
}
