using Azure;
using Comms.Core.Batches;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// Batch blobs: the NDJSON files the billing platform writes to <c>comms-batches</c>, and in <c>comms-work</c> under
/// <c>batches/{batchId}/</c> an inline batch's items (<c>items.ndjson</c>) and the chunks of accepted requests
/// (<c>chunk-000000.ndjson</c>), overwritten with the same content by a Prepare that runs again.
/// </summary>
public sealed class BlobBatchFiles(StorageInitializer storage) : IBatchFiles
{
    public async Task PutInlineAsync(string batchId, ReadOnlyMemory<byte> ndjson, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(StorageNames.WorkContainer, cancellationToken);
        await BlobContent.UploadAsync(container, BlobPaths.Join("batches", batchId, "items.ndjson"), "application/x-ndjson", ndjson, cancellationToken);
    }

    public async Task<long?> SizeAsync(string itemsBlob, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(StorageNames.BatchesContainer, cancellationToken);
        try
        {
            var properties = await container.GetBlobClient(itemsBlob).GetPropertiesAsync(cancellationToken: cancellationToken);
            return properties.Value.ContentLength;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<Stream?> OpenSourceAsync(BatchHeader batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var (containerName, blobName) = batch.Source == BatchSource.Blob
            ? (StorageNames.BatchesContainer, batch.ItemsBlob!)
            : (StorageNames.WorkContainer, BlobPaths.Join("batches", batch.BatchId, "items.ndjson"));
        var container = await storage.ContainerAsync(containerName, cancellationToken);
        try
        {
            return await container.GetBlobClient(blobName).OpenReadAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task PutChunkAsync(string batchId, int index, ReadOnlyMemory<byte> ndjson, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(StorageNames.WorkContainer, cancellationToken);
        await BlobContent.UploadAsync(container, ChunkName(batchId, index), "application/x-ndjson", ndjson, cancellationToken);
    }

    public async Task<byte[]> GetChunkAsync(string batchId, int index, CancellationToken cancellationToken = default)
    {
        var container = await storage.ContainerAsync(StorageNames.WorkContainer, cancellationToken);
        return (await container.GetBlobClient(ChunkName(batchId, index)).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
    }

    private static string ChunkName(string batchId, int index) =>
        BlobPaths.Join("batches", batchId, $"chunk-{index.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)}.ndjson");
}
