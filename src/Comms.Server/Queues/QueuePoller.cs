using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Comms.Core.Hosting;
using Microsoft.Extensions.Options;

namespace Comms.Server.Queues;

/// <summary>
/// A storage-queue listener as the Functions queue trigger runs one, for a queue of <see cref="HostBindings.Queues"/>:
/// create the queues (waiting for storage), receive a batch with a visibility timeout, hand each message to
/// <see cref="HandleAsync"/> in parallel, and back off while the queue is empty. A handled message is deleted; one whose
/// handling threw is tried again after <see cref="QueueListenerOptions.RetryDelay"/>, and after
/// <see cref="QueueListenerOptions.MaxDequeueCount"/> attempts moved to the poison queue and recorded
/// (<see cref="RecordPoisonAsync"/>), so that nothing is lost silently.
/// </summary>
public abstract class QueuePoller(QueueServiceClient queues, IOptions<QueueListenerOptions> options, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan FirstIdleWait = TimeSpan.FromMilliseconds(100);
    private readonly QueueListenerOptions settings = options.Value;

    protected abstract QueueBinding Binding { get; }

    /// <summary>False when this process should not listen at all.</summary>
    protected virtual bool Enabled => true;

    /// <summary>Handles one message; throwing leaves it for another attempt.</summary>
    protected abstract Task HandleAsync(string text, string messageId, CancellationToken cancellationToken);

    /// <summary>Records a message that is moved to the poison queue, with the reason.</summary>
    protected abstract Task RecordPoisonAsync(string text, string messageId, string reason, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        var queue = queues.GetQueueClient(Binding.QueueName);
        var poison = queues.GetQueueClient(Binding.PoisonQueueName);
        await CreateQueuesAsync(queue, poison, stoppingToken);
        var idle = FirstIdleWait;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(settings.BatchSize, settings.VisibilityTimeout, stoppingToken)).Value;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Receiving from {Queue} failed.", Binding.QueueName);
                messages = [];
            }

            if (messages.Length == 0)
            {
                await Task.Delay(idle, stoppingToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, settings.MaxPollingInterval.Ticks));
                continue;
            }

            idle = FirstIdleWait;
            await Task.WhenAll(messages.Select(m => HandleAsync(queue, poison, m, stoppingToken)));
        }
    }

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

            await HandleAsync(text, message.MessageId, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Handling {Queue} message {MessageId} failed (attempt {Attempt}).", Binding.QueueName, message.MessageId, message.DequeueCount);
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
                logger.LogWarning(inner, "Could not reschedule {Queue} message {MessageId}.", Binding.QueueName, message.MessageId);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message, string text, string reason, CancellationToken cancellationToken)
    {
        await RecordPoisonAsync(text, message.MessageId, $"{reason} (after {message.DequeueCount} attempts)", cancellationToken);
        await poison.SendMessageAsync(text, cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }

    private async Task CreateQueuesAsync(QueueClient queue, QueueClient poison, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Storage not reachable yet for {Queue}; retrying.", Binding.QueueName);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }
}
