using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Workflow;

namespace Comms.Core.Activities;

/// <summary>
/// Prepare, Send and Store in one round trip, as far as the request lets them go (CommsWorkflow, for orchestrations
/// started since <see cref="WorkflowInput.RunAhead"/>): a plain request is one activity and two orchestration turns
/// (docs/performance.md, Round trips per request). It stops where the workflow has to decide: before the send when
/// the recipient's quiet hours have begun, after it when the send waits (a rate-limit slot, a provider's pause) or
/// did not happen (cancelled, suppressed), and at a failure of Send or Store, which it returns instead of throwing, so
/// the workflow goes on from that step with its own retries and nothing done is done again. Each part keeps its rules
/// (the send ledger, forward-only statuses recorded by the step that causes them); a failure of Prepare fails the
/// whole step, which the workflow retries. An accepted send is archived before it is recorded, so that <c>sent</c> and
/// the documents are one write of the request's header.
/// </summary>
public sealed class ProceedActivity(PrepareActivity prepare, SendActivity send, StoreActivity store, TimeProvider time)
    : ICommsActivity<CommsRequest, ProceedResult>
{
    public async Task<ProceedResult> RunAsync(CommsRequest input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var prepared = await prepare.RunAsync(input, cancellationToken);
        var (gathered, rendered) = prepared;
        if (gathered.QuietUntil is { } opens && opens > time.GetUtcNow())
        {
            return new ProceedResult(prepared);
        }

        SendResult sent;
        try
        {
            sent = await send.SendAsync(new SendInput(input, gathered, rendered), cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProceedResult(prepared, SendFailure: StepFailure.Of(failure));
        }

        if (!SendActivity.Accepted(sent))
        {
            return new ProceedResult(prepared, sent);
        }

        // The archive before the record, so that the sent status and the documents are one write of the header, and
        // the documents are there before a provider's immediate delivered.
        StoreResult? stored = null;
        StepFailure? storeFailure = null;
        try
        {
            stored = await store.ArchiveAsync(new StoreInput(input, rendered), cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            storeFailure = StepFailure.Of(failure);
        }

        try
        {
            await send.RecordAsync(input, sent, stored?.Documents, cancellationToken);
        }
        catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
        {
            // Sent, not recorded: the workflow's Send finds the ledger's acceptance and records it, and Store archives again.
            return new ProceedResult(prepared, SendFailure: StepFailure.Of(failure));
        }

        return new ProceedResult(prepared, sent, stored, StoreFailure: storeFailure);
    }
}
