using Azure.Storage.Blobs.Models;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;

namespace Comms.Infrastructure.Storage;

/// <summary>The <c>comms-work</c> container: blob <c>{requestId}/{name}</c>, overwritten by a retried step.</summary>
public sealed class BlobWorkStore(StorageInitializer storage) : IWorkStore
{
    public async Task<Artefact> PutAsync(string requestId, string name, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var blobName = BlobPaths.Join(requestId, name);
        var sha256 = Hashing.Sha256Hex(content.Span);
        var container = await storage.ContainerAsync(StorageNames.WorkContainer, cancellationToken);
        await container.GetBlobClient(blobName).UploadAsync(
            BinaryData.FromBytes(content),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Metadata = new Dictionary<string, string> { ["sha256"] = sha256 },
            },
            cancellationToken);
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
