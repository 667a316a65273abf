using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>The <c>CommsDetails</c> table (the Comms Request Detail).</summary>
public interface IDetailStore
{
    /// <summary>Writes (or overwrites) the detail of a request.</summary>
    Task SaveAsync(CommsDetail detail, CancellationToken cancellationToken = default);

    Task<CommsDetail?> GetAsync(string requestId, CancellationToken cancellationToken = default);
}
