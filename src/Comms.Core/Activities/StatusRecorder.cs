using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Core.Activities;

/// <summary>
/// The one way a status report lands: appended to the history (once per report id), then the current status
/// moved forward when the report ranks higher, and a change queued for the status callback.
/// </summary>
public sealed class StatusRecorder(IStatusHistory history, IRequestStore requests, IStatusCallbacks callbacks)
{
    /// <summary>Returns true when the current status changed.</summary>
    public async Task<bool> RecordAsync(StatusReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        await history.AppendAsync(report, cancellationToken);
        var failureReason = report.Status is CommsStatus.Failed or CommsStatus.Undeliverable ? report.Detail : null;
        var advanced = await requests.AdvanceStatusAsync(report.RequestId, report.Status, report.At, failureReason, cancellationToken);
        if (advanced)
        {
            await callbacks.EnqueueAsync(new StatusChange(report.RequestId, report.Status, report.At, report.Source, report.Detail), cancellationToken);
        }

        return advanced;
    }
}
