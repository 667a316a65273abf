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
    ILogger<StatusCallbackListener> logger) : QueuePoller(queues, logger)
{
    protected override string QueueName => QueueStatusCallbacks.QueueName;

    protected override int BatchSize => 16;

    protected override TimeSpan VisibilityTimeout => TimeSpan.FromSeconds(60);

    protected override TimeSpan MaxPollingInterval => TimeSpan.FromSeconds(1);

    protected override bool Enabled => options.Value.Url is not null;

    protected override async Task HandleAsync(QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
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
