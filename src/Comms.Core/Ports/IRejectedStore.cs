using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>The <c>CommsRejected</c> table: inputs that could not be accepted, newest first.</summary>
public interface IRejectedStore
{
    Task AddAsync(RejectedMessage message, CancellationToken cancellationToken = default);

    Task<Page<RejectedMessage>> ListAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken = default);
}
