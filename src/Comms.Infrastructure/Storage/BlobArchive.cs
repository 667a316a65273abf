using System.Net;
using Azure;
using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Storage;

/// <summary>The <c>comms-archive</c> container: blob <c>{accountId}/{requestId}/{name}</c>, its SHA-256 in the metadata.</summary>
public sealed class BlobArchive(StorageInitializer storage) : IArchive
{
    public async Task<DocumentRef> StoreAsync(string accountId, string requestId, string name, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var blobName = BlobPaths.Join(accountId, requestId, name);
        var container = await storage.ContainerAsync(StorageNames.ArchiveContainer, cancellationToken);
        var sha256 = await BlobContent.UploadAsync(container, blobName, contentType, content, cancellationToken);
        return new DocumentRef(name, contentType, content.Length, sha256);
    }

    public async Task<ArchivedDocument?> OpenAsync(string accountId, string requestId, string name, CancellationToken cancellationToken = default)
    {
        var blobName = BlobPaths.Join(accountId, requestId, name);
        var container = await storage.ContainerAsync(StorageNames.ArchiveContainer, cancellationToken);
        try
        {
            var result = await container.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
            var details = result.Value.Details;
            return new ArchivedDocument(result.Value.Content, details.ContentType ?? "application/octet-stream", details.ContentLength);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
