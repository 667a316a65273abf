using Comms.Api.Durable;
using Comms.Core.Intake;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using static Comms.Core.Hosting.HostBindings;

namespace Comms.Functions;

/// <summary>
/// The <c>workflow-events</c> queue. host.json sets <c>messageEncoding: none</c>, so the message text reaches
/// the core as written, and <see cref="WorkflowEventHandler"/> accepts base64 and raw JSON alike.
/// </summary>
public sealed class WorkflowEventFunctions(WorkflowEventHandler handler, DurableWorkflows workflows)
{
    /// <summary>The reason recorded for a message the host moved to the poison queue.</summary>
    public const string PoisonReason = "the Functions host gave up after maxDequeueCount failed deliveries (host.json extensions.queues)";

    /// <param name="id">The queue message id (trigger binding data), recorded with a rejected message.</param>
    [Function(FunctionNames.WorkflowEvent)]
    public Task Run(
        [QueueTrigger(QueueNames.WorkflowEvents, Connection = StorageConnection)] string message,
        string id,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        handler.HandleAsync(message, id, workflows.For(client), context.CancellationToken);

    /// <summary>A message that failed every delivery is recorded as rejected, so that nothing is lost silently.</summary>
    /// <param name="id">The poison queue message id (trigger binding data).</param>
    [Function(FunctionNames.WorkflowEventPoison)]
    public Task Poison(
        [QueueTrigger(QueueNames.WorkflowEventsPoison, Connection = StorageConnection)] string message,
        string id,
        FunctionContext context) =>
        handler.RecordPoisonAsync(message, id, PoisonReason, context.CancellationToken);
}
