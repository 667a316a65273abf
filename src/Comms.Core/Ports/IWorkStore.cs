using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>The <c>comms-work</c> container: artefacts passed by reference between steps.</summary>
public interface IWorkStore
{
    /// <summary>Writes <c>{requestId}/{name}</c>, replacing what a previous attempt wrote.</summary>
    Task<Artefact> PutAsync(string requestId, string name, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    Task<byte[]> GetAsync(string blobName, CancellationToken cancellationToken = default);
}

public static class WorkStoreExtensions
{
    /// <summary>An artefact's content: its inline text, or its work blob.</summary>
    public static async Task<byte[]> ReadAsync(this IWorkStore work, Artefact artefact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(artefact);
        return artefact.Inline is { } text ? System.Text.Encoding.UTF8.GetBytes(text) : await work.GetAsync(artefact.BlobName, cancellationToken);
    }
}
