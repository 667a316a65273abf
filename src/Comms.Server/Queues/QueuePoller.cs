using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace Comms.Server.Queues;

/// <summary>
/// The polling loop of a storage-queue listener, as the Functions queue trigger runs it: create the queues (waiting
/// for storage), receive a batch with a visibility timeout, hand each message to <see cref="HandleAsync"/> in parallel,
/// and back off while the queue is empty. What a message means, and when it is deleted, is the subclass's.
/// </summary>
public abstract class QueuePoller(QueueServiceClient queues, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan FirstIdleWait = TimeSpan.FromMilliseconds(100);

    protected abstract string QueueName { get; }

    protected abstract int BatchSize { get; }

    protected abstract TimeSpan VisibilityTimeout { get; }

    protected abstract TimeSpan MaxPollingInterval { get; }

    /// <summary>Other queues the listener writes to (a poison queue), created with the one it reads.</summary>
    protected virtual IEnumerable<string> OtherQueueNames => [];

    /// <summary>False when this process should not listen at all.</summary>
    protected virtual bool Enabled => true;

    protected QueueServiceClient Queues => queues;

    protected abstract Task HandleAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        var queue = queues.GetQueueClient(QueueName);
        await CreateQueuesAsync(stoppingToken);
        var idle = FirstIdleWait;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(BatchSize, VisibilityTimeout, stoppingToken)).Value;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Receiving from {Queue} failed.", QueueName);
                messages = [];
            }

            if (messages.Length == 0)
            {
                await Task.Delay(idle, stoppingToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, MaxPollingInterval.Ticks));
                continue;
            }

            idle = FirstIdleWait;
            await Task.WhenAll(messages.Select(m => HandleAsync(queue, m, stoppingToken)));
        }
    }

    private async Task CreateQueuesAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var name in OtherQueueNames.Prepend(QueueName))
                {
                    await queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                }

                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Storage not reachable yet for {Queue}; retrying.", QueueName);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }
}
