using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Storage;

/// <summary>The <c>comms-work</c> container: blob <c>{requestId}/{name}</c>, overwritten by a retried step.</summary>
public sealed class BlobWorkStore(StorageInitializer storage) : IWorkStore
{
    public async Task<Artefact> PutAsync(string requestId, string name, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var blobName = BlobPaths.Join(requestId, name);
        var container = await storage.ContainerAsync(StorageNames.WorkContainer, cancellationToken);
        var sha256 = await BlobContent.UploadAsync(container, blobName, contentType, content, cancellationToken);
        return new Artefact(name, contentType, blobName, content.Length, sha256);
    }

    /// <exception cref="Azure.RequestFailedException">The blob does not exist (status 404).</exception>
    public async Task<byte[]> GetAsync(string blobName, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(StorageNames.WorkContainer, cancellationToken);
        var result = await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
        return result.Value.Content.ToArray();
    }
}
