using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Comms.Core.Text;

namespace Comms.Infrastructure.Storage;

/// <summary>The one way Comms writes a document to Blob storage: overwritten whole, with its content type and SHA-256.</summary>
internal static class BlobContent
{
    /// <summary>Uploads <paramref name="content"/> (replacing what a previous attempt wrote) and returns its lower-case hex SHA-256.</summary>
    public static async Task<string> UploadAsync(BlobContainerClient container, string blobName, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var sha256 = Hashing.Sha256Hex(content.Span);
        await container.GetBlobClient(blobName).UploadAsync(
            BinaryData.FromBytes(content),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Metadata = new Dictionary<string, string> { ["sha256"] = sha256 },
            },
            cancellationToken);
        return sha256;
    }
}
