using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Comms.Infrastructure.Callbacks;
using Microsoft.Extensions.Options;

namespace Comms.Server.Queues;

/// <summary>
/// Listens on <c>status-callbacks</c> as the Functions queue trigger would and hands each message to
/// <see cref="StatusCallbackDelivery"/>, which owns the retries; a message is deleted once handled. It listens only
/// when <c>Comms:StatusCallbacks:Url</c> is set, so that a process without it never takes another's messages.
/// </summary>
public sealed partial class StatusCallbackListener(
    QueueServiceClient queues,
    StatusCallbackDelivery delivery,
    IOptions<StatusCallbackOptions> options,
    ILogger<StatusCallbackListener> logger) : BackgroundService
{
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxPollingInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Url is null)
        {
            return;
        }

        var queue = queues.GetQueueClient(QueueStatusCallbacks.QueueName);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStorage(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }

        var idle = TimeSpan.FromMilliseconds(100);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(16, VisibilityTimeout, stoppingToken)).Value;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogStorage(logger, e);
                messages = [];
            }

            if (messages.Length == 0)
            {
                await Task.Delay(idle, stoppingToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, MaxPollingInterval.Ticks));
                continue;
            }

            idle = TimeSpan.FromMilliseconds(100);
            await Task.WhenAll(messages.Select(m => HandleAsync(queue, m, stoppingToken)));
        }
    }

    private async Task HandleAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await delivery.HandleAsync(message.Body.ToString(), message.MessageId, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Storage failed: the message becomes visible again after its visibility timeout and is handled then.
            LogStorage(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status callbacks: storage not reachable.")]
    private static partial void LogStorage(ILogger logger, Exception exception);
}
