using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Ports;

namespace Comms.Core.Activities;

/// <summary>A child request to open: a step of a fallback chain or one target of several, with how its history names it.</summary>
public sealed record OpenChildInput(CommsRequest Child, string Label);

/// <summary>
/// Opens a child request before its orchestration starts (README, Fallback chains and several targets): its header
/// (received, with its parent) and the first history entry, once. Returns false, and cancels the child, when the
/// parent was cancelled meanwhile: the cancel marks the parent first, then cancels the children it finds, so a child
/// opened at the same time is cancelled by one or the other.
/// </summary>
public sealed class OpenChildActivity(IRequestStore requests, IStatusHistory history, Cancellations cancellations, TimeProvider time)
    : ICommsActivity<OpenChildInput, bool>
{
    public async Task<bool> RunAsync(OpenChildInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var child = input.Child;
        var now = time.GetUtcNow();
        var header = new RequestHeader(
            child.RequestId, child.AccountId, child.CommsType, child.Channel, child.Source, CommsStatus.Received, now, now, null,
            RequestFingerprint.Compute(child), OrchestrationStarted: true, child.Target, [], ParentId: child.ParentId, TemplateVersion: child.TemplateVersion);
        if ((await requests.CreateAsync(header, cancellationToken)).Created)
        {
            await history.AppendAsync(
                new StatusReport(child.RequestId, CommsStatus.Received, now, RequestIds.PipelineSource, $"{input.Label} of {child.ParentId}", RequestIds.PipelineReport(CommsStatus.Received)),
                cancellationToken);
        }

        if (child.ParentId is { } parentId && (await requests.GetAsync(parentId, cancellationToken))?.Status == CommsStatus.Cancelled)
        {
            await cancellations.CancelAsync(child.RequestId, cancellationToken);
            return false;
        }

        return true;
    }
}

/// <summary>
/// A chain's step at its deadline: what it reached, and, when it has not been sent yet (still waiting for quiet hours, a
/// retry or a rate limit), its cancel, so that it never goes out after the next step (the send ledger decides, as for
/// any cancel: a step that claimed its send first is sent).
/// </summary>
public sealed class CloseStepActivity(IRequestStore requests, Cancellations cancellations) : ICommsActivity<string, CommsStatus>
{
    public async Task<CommsStatus> RunAsync(string input, CancellationToken cancellationToken = default)
    {
        var status = (await requests.GetAsync(input, cancellationToken))?.Status ?? CommsStatus.Received;
        if (CommsStatusRules.Rank(status) >= CommsStatusRules.Rank(CommsStatus.Sent))
        {
            return status;
        }

        return (await cancellations.CancelAsync(input, cancellationToken)).Status ?? status;
    }
}
