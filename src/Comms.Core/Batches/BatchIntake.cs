using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Core.Batches;

public enum BatchDisposition
{
    /// <summary>A new batch: its row written, its orchestration started.</summary>
    Created,

    /// <summary>The same batch again: nothing new (its orchestration started if an earlier attempt crashed before).</summary>
    Existing,

    /// <summary>A different batch under an existing id: nothing done.</summary>
    Conflict,

    /// <summary>The <c>itemsBlob</c> is not in <c>comms-batches</c>, or larger than allowed: nothing done.</summary>
    BadBlob,
}

public sealed record BatchIntakeResult(BatchDisposition Disposition, BatchHeader? Header, string? Problem = null);

/// <summary>
/// Accepts a batch from either route (<c>POST /api/batches</c>, a <c>workflow-events</c> message): its items are kept
/// (inline ones as the batch's own NDJSON blob), the batch row's conditional insert decides "new or existing", and the
/// batch orchestration is started; the items are read there, not here.
/// </summary>
public sealed class BatchIntake(IBatchStore batches, IBatchFiles files, TimeProvider time)
{
    public async Task<BatchIntakeResult> SubmitAsync(BatchEnvelope envelope, IWorkflowClient workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(workflow);
        var existing = await batches.GetAsync(envelope.BatchId, cancellationToken);
        if (existing is not null && existing.Fingerprint != envelope.Fingerprint)
        {
            return new BatchIntakeResult(BatchDisposition.Conflict, existing);
        }

        if (existing is null)
        {
            if (envelope.ItemsBlob is { } blob)
            {
                var size = await files.SizeAsync(blob, cancellationToken);
                if (size is null)
                {
                    return new BatchIntakeResult(BatchDisposition.BadBlob, null, $"There is no blob '{blob}' in comms-batches.");
                }

                if (size > BatchParser.MaxBlobBytes)
                {
                    return new BatchIntakeResult(BatchDisposition.BadBlob, null, $"The blob '{blob}' is larger than {BatchParser.MaxBlobBytes / (1024 * 1024)} MB; split the batch.");
                }
            }
            else
            {
                // Written before the row, so that a row always has its items; a repeat overwrites them with the same.
                await files.PutInlineAsync(envelope.BatchId, BatchParser.ToNdjson(envelope.Items!), cancellationToken);
            }
        }

        var header = new BatchHeader(
            envelope.BatchId, envelope.Fingerprint, envelope.ItemsBlob is null ? BatchSource.Inline : BatchSource.Blob,
            envelope.ItemsBlob, envelope.Defaults.ToJsonString(), time.GetUtcNow());
        var (created, stored) = existing is null ? await batches.CreateAsync(header, cancellationToken) : (false, existing);
        if (!created && stored.Fingerprint != envelope.Fingerprint)
        {
            return new BatchIntakeResult(BatchDisposition.Conflict, stored);
        }

        // On every call: a call that stopped after the row is completed by its repeat; a started batch is not started again.
        await workflow.EnsureBatchStartedAsync(envelope.BatchId, cancellationToken);
        return new BatchIntakeResult(created ? BatchDisposition.Created : BatchDisposition.Existing, stored);
    }
}
