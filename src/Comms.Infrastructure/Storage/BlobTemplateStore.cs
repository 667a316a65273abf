using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Comms.Core.Ports;
using Comms.Core.Text;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// The <c>comms-templates</c> container (README, Template versions): <c>{commsType}/versions/{000001}.json</c> per
/// version (its files, sample data and validation report), written once with "if none match" so a version is never
/// overwritten and two publishers at once get different numbers; <c>{commsType}/active.json</c> names the active one.
/// Callers that ask for the active version while a read of it is in flight share that read (requests submitted
/// together all miss <c>TemplateSets</c>' cache at once: a burst of 20 made 20 reads, docs/performance.md).
/// </summary>
public sealed class BlobTemplateStore(StorageInitializer storage) : ITemplateStore
{
    private const int MaxAttempts = 10;

    private readonly ConcurrentDictionary<string, Lazy<Task<ActiveTemplates?>>> activeReads = new(StringComparer.Ordinal);

    public async Task<PublishedTemplates> AddAsync(PublishedTemplates version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var container = await ContainerAsync(cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var next = (await NumbersAsync(container, version.CommsType, cancellationToken)).DefaultIfEmpty(0).Max() + 1;
            var numbered = version with { Version = next };
            try
            {
                await container.GetBlobClient(VersionBlob(version.CommsType, next)).UploadAsync(
                    BinaryData.FromString(CommsJson.Serialize(numbered)),
                    new BlobUploadOptions
                    {
                        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                        HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    },
                    cancellationToken);
                return numbered;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Another publisher took this number: take the next.
            }
        }

        throw new InvalidOperationException($"No version number could be taken for '{version.CommsType}' in {MaxAttempts} attempts.");
    }

    public async Task<PublishedTemplates?> GetAsync(string commsType, int version, CancellationToken cancellationToken = default) =>
        await ReadAsync<PublishedTemplates>(await ContainerAsync(cancellationToken), VersionBlob(commsType, version), cancellationToken);

    public async Task<IReadOnlyList<PublishedTemplates>> ListAsync(string commsType, CancellationToken cancellationToken = default)
    {
        var container = await ContainerAsync(cancellationToken);
        var versions = new List<PublishedTemplates>();
        foreach (var number in (await NumbersAsync(container, commsType, cancellationToken)).Order())
        {
            if (await ReadAsync<PublishedTemplates>(container, VersionBlob(commsType, number), cancellationToken) is { } version)
            {
                versions.Add(version);
            }
        }

        return versions;
    }

    public async Task<ActiveTemplates?> GetActiveAsync(string commsType, CancellationToken cancellationToken = default)
    {
        var read = activeReads.GetOrAdd(commsType, type => new Lazy<Task<ActiveTemplates?>>(() => ReadActiveAsync(type)));
        return await read.Value.WaitAsync(cancellationToken);
    }

    public async Task SetActiveAsync(ActiveTemplates active, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(active);
        var container = await ContainerAsync(cancellationToken);
        await container.GetBlobClient(ActiveBlob(active.CommsType)).UploadAsync(
            BinaryData.FromString(CommsJson.Serialize(active)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);

        // A read that began before this write must not answer a caller that asks after it.
        activeReads.TryRemove(active.CommsType, out _);
    }

    /// <summary>One read shared by the callers that came while it ran; it is not cancelled by any one of them.</summary>
    private async Task<ActiveTemplates?> ReadActiveAsync(string commsType)
    {
        try
        {
            return await ReadAsync<ActiveTemplates>(await ContainerAsync(CancellationToken.None), ActiveBlob(commsType), CancellationToken.None);
        }
        finally
        {
            // The next caller reads again: a caller only ever shares a read that was in flight when it asked.
            activeReads.TryRemove(commsType, out _);
        }
    }

    private ValueTask<BlobContainerClient> ContainerAsync(CancellationToken cancellationToken) =>
        storage.ContainerAsync(StorageNames.TemplatesContainer, cancellationToken);

    private static string VersionBlob(string commsType, int version) =>
        BlobPaths.Join(commsType, "versions", version.ToString("D6", CultureInfo.InvariantCulture) + ".json");

    private static string ActiveBlob(string commsType) => BlobPaths.Join(commsType, "active.json");

    private static async Task<List<int>> NumbersAsync(BlobContainerClient container, string commsType, CancellationToken cancellationToken)
    {
        var numbers = new List<int>();
        var prefix = BlobPaths.Join(commsType, "versions") + "/";
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            var name = blob.Name[prefix.Length..];
            if (name.EndsWith(".json", StringComparison.Ordinal) && int.TryParse(name[..^5], NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                numbers.Add(number);
            }
        }

        return numbers;
    }

    private static async Task<T?> ReadAsync<T>(BlobContainerClient container, string blobName, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            var content = await container.GetBlobClient(blobName).DownloadContentAsync(cancellationToken);
            return CommsJson.Deserialize<T>(Encoding.UTF8.GetString(content.Value.Content.ToMemory().Span));
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
