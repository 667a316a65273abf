using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>The <c>comms-work</c> container: artefacts passed by reference between steps.</summary>
public interface IWorkStore
{
    /// <summary>Writes <c>{requestId}/{name}</c>, replacing what a previous attempt wrote.</summary>
    Task<Artefact> PutAsync(string requestId, string name, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    Task<byte[]> GetAsync(string blobName, CancellationToken cancellationToken = default);
}
