using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// Hands out table and container clients, creating each table or container once per process on first use,
/// so that no deployment step or test has to create them.
/// </summary>
public sealed class StorageInitializer(TableServiceClient tables, BlobServiceClient blobs)
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> created = new(StringComparer.Ordinal);

    public async ValueTask<TableClient> TableAsync(string name, CancellationToken cancellationToken = default)
    {
        var client = tables.GetTableClient(name);
        await EnsureAsync("table:" + name, () => client.CreateIfNotExistsAsync(CancellationToken.None), cancellationToken);
        return client;
    }

    public async ValueTask<BlobContainerClient> ContainerAsync(string name, CancellationToken cancellationToken = default)
    {
        var client = blobs.GetBlobContainerClient(name);
        await EnsureAsync("container:" + name, () => client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None), cancellationToken);
        return client;
    }

    /// <summary>Creates every table and container now (for a startup check); stores also do it lazily.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await Task.WhenAll(StorageNames.Tables.Select(t => TableAsync(t, cancellationToken).AsTask()));
        await Task.WhenAll(StorageNames.Containers.Select(c => ContainerAsync(c, cancellationToken).AsTask()));
    }

    private async Task EnsureAsync(string key, Func<Task> create, CancellationToken cancellationToken)
    {
        // The creation is shared by every caller, so it must not be cancelled by the first caller's token.
        var lazy = created.GetOrAdd(key, _ => new Lazy<Task>(create));
        try
        {
            await lazy.Value.WaitAsync(cancellationToken);
        }
        catch when (lazy.Value.IsFaulted)
        {
            // Forget a failed creation so that the next call tries again instead of failing forever.
            created.TryRemove(new KeyValuePair<string, Lazy<Task>>(key, lazy));
            throw;
        }
    }
}
