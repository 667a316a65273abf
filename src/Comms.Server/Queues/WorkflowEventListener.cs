using Azure.Storage.Queues;
using Comms.Core.Hosting;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Microsoft.Extensions.Options;

namespace Comms.Server.Queues;

/// <summary>The <c>workflow-events</c> queue: each message goes to <see cref="WorkflowEventHandler"/>, as the Functions trigger does.</summary>
public sealed class WorkflowEventListener(
    QueueServiceClient queues,
    WorkflowEventHandler handler,
    IWorkflowClient workflow,
    IOptions<QueueListenerOptions> options,
    ILogger<WorkflowEventListener> logger) : QueuePoller(queues, options, logger)
{
    protected override QueueBinding Binding => HostBindings.WorkflowEvents;

    protected override Task HandleAsync(string text, string messageId, CancellationToken cancellationToken) =>
        handler.HandleAsync(text, messageId, workflow, cancellationToken);

    protected override Task RecordPoisonAsync(string text, string messageId, string reason, CancellationToken cancellationToken) =>
        handler.RecordPoisonAsync(text, messageId, reason, cancellationToken);
}
