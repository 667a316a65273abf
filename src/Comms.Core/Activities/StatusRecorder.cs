using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Telemetry;

namespace Comms.Core.Activities;

/// <summary>
/// The one way a status report lands: appended to the history (once per report id), then the current status
/// moved forward when the report ranks higher. Being the one way, it also counts sends and failures.
/// </summary>
public sealed class StatusRecorder(IStatusHistory history, IRequestStore requests)
{
    /// <summary>Returns true when the current status changed.</summary>
    public async Task<bool> RecordAsync(StatusReport report, CancellationToken cancellationToken = default)
    {
        using var span = CommsTelemetry.StartRequestSpan("comms.status " + report.Status.ToString().ToLowerInvariant(), report.RequestId);
        span?.SetTag("comms.status_source", report.Source);
        var appended = await history.AppendAsync(report, cancellationToken);
        var failureReason = report.Status is CommsStatus.Failed or CommsStatus.Undeliverable ? report.Detail : null;
        var changed = await requests.AdvanceStatusAsync(report.RequestId, report.Status, report.At, failureReason, cancellationToken);
        await CountAsync(report, appended, changed, cancellationToken);
        return changed;
    }

    /// <summary>
    /// A sent report counts the first time it lands (a late one may not advance the status past a delivery report);
    /// a failure counts when it ends the request, so failed then undeliverable count once.
    /// </summary>
    private async Task CountAsync(StatusReport report, bool appended, bool changed, CancellationToken cancellationToken)
    {
        var sent = report.Status == CommsStatus.Sent && appended;
        var failed = report.Status is CommsStatus.Failed or CommsStatus.Undeliverable && changed;
        if (!sent && !failed)
        {
            return;
        }

        if (await requests.GetAsync(report.RequestId, cancellationToken) is not { } header)
        {
            return;
        }

        var channel = CommsTelemetry.ChannelOf(header.Channel);
        if (sent)
        {
            CommsTelemetry.RequestsSent.Add(1, channel);
            CommsTelemetry.SubmitToSent.Record(Math.Max(0, (report.At - header.CreatedAt).TotalSeconds), channel);
        }
        else
        {
            CommsTelemetry.RequestsFailed.Add(1, channel);
        }
    }
}
