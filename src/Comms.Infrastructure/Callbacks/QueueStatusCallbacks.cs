using Azure.Storage.Queues;
using Comms.Core.Domain;
using Comms.Core.Hosting;
using Comms.Core.Ports;
using Comms.Core.Text;
using Microsoft.Extensions.Options;

namespace Comms.Infrastructure.Callbacks;

/// <summary>
/// Queues each change on <c>status-callbacks</c>, so that a receiver that is slow or down never holds up the
/// pipeline; <see cref="StatusCallbackDelivery"/> posts it from there.
/// </summary>
public sealed class QueueStatusCallbacks(QueueServiceClient queues, IOptions<StatusCallbackOptions> options) : IStatusCallbacks
{
    private readonly QueueClient queue = queues.GetQueueClient(HostBindings.QueueNames.StatusCallbacks);
    private volatile bool created;

    public async Task EnqueueAsync(StatusChange change, CancellationToken cancellationToken = default)
    {
        if (options.Value.Url is null)
        {
            return;
        }

        await SendAsync(new StatusCallbackMessage(change, 1), TimeSpan.Zero, cancellationToken);
    }

    public async Task EnqueueAsync(Comms.Core.Batches.BatchCompletion completion, CancellationToken cancellationToken = default)
    {
        if (options.Value.Url is null)
        {
            return;
        }

        await SendAsync(new StatusCallbackMessage(null, 1, completion), TimeSpan.Zero, cancellationToken);
    }

    /// <summary>Queues a message, invisible for <paramref name="delay"/> (the retry's back-off).</summary>
    internal async Task SendAsync(StatusCallbackMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (!created)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            created = true;
        }

        await queue.SendMessageAsync(CommsJson.Serialize(message), delay > TimeSpan.Zero ? delay : null, cancellationToken: cancellationToken);
    }
}
