using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Microsoft.Extensions.Logging;

namespace Comms.Core.Status;

/// <summary>
/// Where a report from outside (partner webhook, ACS delivery report) lands: recorded through the
/// <see cref="StatusRecorder"/>, then raised to the request's orchestration so that a waiting workflow can end on it.
/// </summary>
public sealed partial class ExternalStatusIntake(StatusRecorder recorder, ILogger<ExternalStatusIntake> logger)
{
    /// <summary>Returns true when the current status changed.</summary>
    public async Task<bool> RecordAsync(StatusReport report, IWorkflowClient workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(workflow);
        var advanced = await recorder.RecordAsync(report, cancellationToken);
        if (CommsStatusRules.SettlesDelivery(report.Status))
        {
            try
            {
                await workflow.RaiseStatusReportAsync(report, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The report is recorded already; an orchestration that has ended (or never ran) has nothing to wait for.
                LogNotRaised(logger, report.RequestId, e.Message);
            }
        }

        return advanced;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Status report for {RequestId} not raised to its orchestration: {Reason}")]
    private static partial void LogNotRaised(ILogger logger, string requestId, string reason);
}
