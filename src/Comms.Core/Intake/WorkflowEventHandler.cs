using System.Text;
using Comms.Core.Domain;
using Comms.Core.Hosting;
using Comms.Core.Ports;
using Comms.Core.Telemetry;

namespace Comms.Core.Intake;

public enum WorkflowEventDisposition
{
    Started,
    Duplicate,
    Rejected,
}

/// <summary>
/// Handles a <c>workflow-events</c> message in both hosts: base64 (as the Functions queue trigger writes it) or
/// raw JSON. A message that cannot be read starts nothing and is kept as a <c>Rejected</c> record with its reason.
/// </summary>
public sealed class WorkflowEventHandler(CommsIntake intake, IRejectedStore rejected, TimeProvider time)
{
    public const string RejectedSource = "workflow-events";

    public async Task<WorkflowEventDisposition> HandleAsync(string messageText, string messageId, IWorkflowClient workflow, CancellationToken cancellationToken = default)
    {
        var json = Decode(messageText);
        var parsed = SubmissionParser.ParseWorkflowEvent(json);
        if (parsed.Request is null)
        {
            var reason = string.Join("; ", parsed.Errors!.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
            await RejectAsync(messageId, "Invalid workflow event: " + reason, messageText, cancellationToken);
            CommsTelemetry.RequestsRejected.Add(1, new KeyValuePair<string, object?>(CommsTelemetry.ChannelTag, "unknown"));
            return WorkflowEventDisposition.Rejected;
        }

        var result = await intake.SubmitAsync(parsed.Request, workflow, cancellationToken);
        switch (result.Disposition)
        {
            case IntakeDisposition.Refused:
                await RejectAsync(messageId, "Refused: " + string.Join("; ", result.Errors!.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), messageText, cancellationToken);
                CommsTelemetry.RequestsRejected.Add(1, CommsTelemetry.ChannelOf(parsed.Request.Channel));
                return WorkflowEventDisposition.Rejected;
            case IntakeDisposition.Conflict:
                await RejectAsync(messageId, $"Conflict: request {parsed.Request.RequestId} already exists with different content.", messageText, cancellationToken);
                CommsTelemetry.RequestsRejected.Add(1, CommsTelemetry.ChannelOf(parsed.Request.Channel));
                return WorkflowEventDisposition.Rejected;
            case IntakeDisposition.Existing:
                return WorkflowEventDisposition.Duplicate;
            default:
                return WorkflowEventDisposition.Started;
        }
    }

    /// <summary>Records a message that kept failing and was moved to the poison queue.</summary>
    public Task RecordPoisonAsync(string messageText, string messageId, string reason, CancellationToken cancellationToken = default) =>
        RejectAsync(messageId, "Moved to " + HostBindings.QueueNames.WorkflowEventsPoison + ": " + reason, messageText, cancellationToken);

    /// <summary>The message's JSON: the text itself when it is JSON, else its base64 decoding when that is valid.</summary>
    public static byte[] Decode(string messageText)
    {
        var trimmed = messageText.AsSpan().Trim();
        if (trimmed.Length > 0 && trimmed[0] is '{' or '[')
        {
            return Encoding.UTF8.GetBytes(messageText);
        }

        var buffer = new byte[messageText.Length];
        return Convert.TryFromBase64String(messageText.Trim(), buffer, out var written)
            ? buffer.AsSpan(0, written).ToArray()
            : Encoding.UTF8.GetBytes(messageText);
    }

    private Task RejectAsync(string messageId, string reason, string raw, CancellationToken cancellationToken) =>
        rejected.AddAsync(new RejectedMessage(messageId, RejectedSource, time.GetUtcNow(), reason, raw), cancellationToken);
}
