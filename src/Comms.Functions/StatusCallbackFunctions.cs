using Comms.Infrastructure.Callbacks;
using Microsoft.Azure.Functions.Worker;
using static Comms.Core.Hosting.HostBindings;

namespace Comms.Functions;

/// <summary>The <c>status-callbacks</c> queue: each status change is POSTed to CMP by the shared delivery, which owns the retries.</summary>
public sealed class StatusCallbackFunctions(StatusCallbackDelivery delivery)
{
    /// <param name="id">The queue message id (trigger binding data).</param>
    [Function(FunctionNames.StatusCallback)]
    public Task Run(
        [QueueTrigger(QueueNames.StatusCallbacks, Connection = StorageConnection)] string message,
        string id,
        FunctionContext context) =>
        delivery.HandleAsync(message, id, context.CancellationToken);

    /// <param name="id">The poison queue message id (trigger binding data).</param>
    [Function(FunctionNames.StatusCallbackPoison)]
    public Task Poison(
        [QueueTrigger(QueueNames.StatusCallbacksPoison, Connection = StorageConnection)] string message,
        string id,
        FunctionContext context) =>
        delivery.RecordPoisonAsync(message, id, WorkflowEventFunctions.PoisonReason, context.CancellationToken);
}
