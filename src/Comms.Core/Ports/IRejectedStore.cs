using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>The <c>CommsRejected</c> table: inputs that could not be accepted, newest first.</summary>
public interface IRejectedStore
{
    Task AddAsync(RejectedMessage message, CancellationToken cancellationToken = default);

    /// <summary>Keeps many at once, in table batch transactions (an Event Grid delivery of thousands of unmatched events).</summary>
    Task AddManyAsync(IReadOnlyList<RejectedMessage> messages, CancellationToken cancellationToken = default);

    Task<Page<RejectedMessage>> ListAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken = default);
}
