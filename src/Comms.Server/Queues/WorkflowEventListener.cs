using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Comms.Core.Intake;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Comms.Server.Queues;

/// <summary>
/// Listens on <c>workflow-events</c> as the Functions queue trigger would: a message is deleted once handled
/// (started, duplicate or rejected), retried after <see cref="WorkflowEventListenerOptions.RetryDelay"/> when handling
/// throws, and after <see cref="WorkflowEventListenerOptions.MaxDequeueCount"/> attempts moved to
/// <c>workflow-events-poison</c> with a <c>Rejected</c> record.
/// </summary>
public sealed class WorkflowEventListener(
    QueueServiceClient queues,
    WorkflowEventHandler handler,
    DurableTaskClient client,
    IOptions<WorkflowEventListenerOptions> options,
    ILogger<WorkflowEventListener> logger) : QueuePoller(queues, logger)
{
    private readonly WorkflowEventListenerOptions settings = options.Value;

    protected override string QueueName => WorkflowEventHandler.QueueName;

    protected override IEnumerable<string> OtherQueueNames => [WorkflowEventHandler.PoisonQueueName];

    protected override int BatchSize => settings.BatchSize;

    protected override TimeSpan VisibilityTimeout => settings.VisibilityTimeout;

    protected override TimeSpan MaxPollingInterval => settings.MaxPollingInterval;

    protected override Task HandleAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken) =>
        HandleAsync(queue, Queues.GetQueueClient(WorkflowEventHandler.PoisonQueueName), message, cancellationToken);

    private async Task HandleAsync(QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken cancellationToken)
    {
        var text = message.Body.ToString();
        try
        {
            if (message.DequeueCount > settings.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message, text, "dequeued more than the allowed number of times", cancellationToken);
                return;
            }

            await handler.HandleAsync(text, message.MessageId, client, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Handling workflow event {MessageId} failed (attempt {Attempt}).", message.MessageId, message.DequeueCount);
            try
            {
                if (message.DequeueCount >= settings.MaxDequeueCount)
                {
                    await MoveToPoisonAsync(queue, poison, message, text, e.Message, cancellationToken);
                }
                else
                {
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.RetryDelay, cancellationToken: cancellationToken);
                }
            }
            catch (Exception inner) when (inner is not OperationCanceledException)
            {
                // The message becomes visible again when its visibility timeout ends, and is retried then.
                logger.LogWarning(inner, "Could not reschedule workflow event {MessageId}.", message.MessageId);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, string text, string reason, CancellationToken cancellationToken)
    {
        await handler.RecordPoisonAsync(text, message.MessageId, $"{reason} (after {message.DequeueCount} attempts)", cancellationToken);
        await poison.SendMessageAsync(text, cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }
}
