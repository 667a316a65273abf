using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>Outbound status notifications (<c>Comms:StatusCallbacks</c>): changes are queued, then delivered apart from the pipeline.</summary>
public interface IStatusCallbacks
{
    /// <summary>Queues the change for delivery; does nothing when no callback URL is configured.</summary>
    Task EnqueueAsync(StatusChange change, CancellationToken cancellationToken = default);

    /// <summary>Queues a batch's completion for delivery; does nothing when no callback URL is configured.</summary>
    Task EnqueueAsync(Batches.BatchCompletion completion, CancellationToken cancellationToken = default);
}
