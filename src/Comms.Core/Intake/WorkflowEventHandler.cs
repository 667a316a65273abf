using System.Text;
using Comms.Core.Batches;
using Comms.Core.Domain;
using Comms.Core.Hosting;
using Comms.Core.Ports;
using Comms.Core.Telemetry;
using Comms.Core.Text;

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
public sealed class WorkflowEventHandler(CommsIntake intake, BatchIntake batches, IRejectedStore rejected, TimeProvider time)
{
    public const string RejectedSource = "workflow-events";

    public async Task<WorkflowEventDisposition> HandleAsync(string messageText, string messageId, IWorkflowClient workflow, CancellationToken cancellationToken = default)
    {
        var json = Decode(messageText);
        if (IsBatch(json))
        {
            return await HandleBatchAsync(json, messageText, messageId, workflow, cancellationToken);
        }

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
            case IntakeDisposition.BusinessKeyConflict:
                await RejectAsync(messageId, $"Conflict: businessKey {parsed.Request.BusinessKey} is request {result.Header.RequestId}, with different content.", messageText, cancellationToken);
                CommsTelemetry.RequestsRejected.Add(1, CommsTelemetry.ChannelOf(parsed.Request.Channel));
                return WorkflowEventDisposition.Rejected;
            case IntakeDisposition.Existing:
                return WorkflowEventDisposition.Duplicate;
            default:
                return WorkflowEventDisposition.Started;
        }
    }

    /// <summary>A message with a <c>batchId</c> is a batch (README, Batches), as <c>POST /api/batches</c> takes it.</summary>
    private static bool IsBatch(byte[] json) =>
        JsonInput.ParseObject(json, new InputErrors()) is { } root && root.ContainsKey("batchId");

    private async Task<WorkflowEventDisposition> HandleBatchAsync(byte[] json, string messageText, string messageId, IWorkflowClient workflow, CancellationToken cancellationToken)
    {
        var (envelope, errors) = BatchParser.ParseEnvelope(json);
        if (envelope is null)
        {
            await RejectAsync(messageId, "Invalid batch: " + string.Join("; ", errors!.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), messageText, cancellationToken);
            return WorkflowEventDisposition.Rejected;
        }

        var result = await batches.SubmitAsync(envelope, workflow, cancellationToken);
        switch (result.Disposition)
        {
            case BatchDisposition.Conflict:
                await RejectAsync(messageId, $"Conflict: batch {envelope.BatchId} already exists with different content.", messageText, cancellationToken);
                return WorkflowEventDisposition.Rejected;
            case BatchDisposition.BadBlob:
                await RejectAsync(messageId, "Invalid batch: " + result.Problem, messageText, cancellationToken);
                return WorkflowEventDisposition.Rejected;
            case BatchDisposition.Existing:
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
