using Azure.Storage.Blobs;
using Comms.Core.Text;
using Comms.Infrastructure.Storage;

namespace Comms.Infrastructure.Providers.PrintHouse;

/// <summary>The <c>print-outbox</c> container (<c>Comms:Letter:Delivery</c> = <c>Blob</c>): a blob upload is whole or absent.</summary>
public sealed class BlobPrintHouseDrop(BlobServiceClient blobs) : IPrintHouseDrop
{
    public const string ContainerName = "print-outbox";

    private readonly BlobContainerClient container = blobs.GetBlobContainerClient(ContainerName);
    private volatile bool containerExists;

    public string Name => "printhouse-blob";

    public async Task PutAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (!containerExists)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            containerExists = true;
        }

        var contentType = fileName.EndsWith(".pdf", StringComparison.Ordinal) ? ChannelParts.PdfContentType : "text/plain; charset=utf-8";
        await BlobContent.UploadAsync(container, fileName, contentType, content, cancellationToken);
    }
}
