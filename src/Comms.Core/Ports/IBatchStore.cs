using Comms.Core.Batches;
using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>
/// Batches (<c>CommsBatches</c>) and their items with their counts (<c>CommsBatchItems</c>, one partition per batch). An
/// item's change and its count change are written in one transaction, so the counts stay exact under concurrent updates.
/// </summary>
public interface IBatchStore
{
    /// <summary>Inserts the batch row unless one with that id exists; returns the stored one and whether this call created it.</summary>
    Task<(bool Created, BatchHeader Header)> CreateAsync(BatchHeader header, CancellationToken cancellationToken = default);

    Task<BatchHeader?> GetAsync(string batchId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds one group of items (at most <see cref="MaxGroup"/>) and counts them, atomically; a group added before (the
    /// activity ran again after a crash) is left as it is.
    /// </summary>
    Task AddItemsAsync(string batchId, int group, IReadOnlyList<BatchItem> items, CancellationToken cancellationToken = default);

    /// <summary>Records that every line was read (or why none could be).</summary>
    Task MarkPreparedAsync(string batchId, int expected, int accepted, int invalid, int chunks, string? error, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves an item to <paramref name="status"/> when it ranks higher (or marks it final), with its count, in one
    /// transaction; nothing when the item is unknown or already there. Returns true when the item changed.
    /// </summary>
    Task<bool> AdvanceItemAsync(string batchId, string itemKey, CommsStatus status, bool final, DateTimeOffset at, string? reason, string? providerMessageId, CancellationToken cancellationToken = default);

    /// <summary>Records an item's archived documents (for the reconciliation report).</summary>
    Task SetItemDocumentsAsync(string batchId, string itemKey, IReadOnlyList<string> documents, CancellationToken cancellationToken = default);

    Task<BatchItem?> GetItemAsync(string batchId, string itemKey, CancellationToken cancellationToken = default);

    /// <summary>The batch's counts: the sum of its count rows.</summary>
    Task<BatchCounts> CountsAsync(string batchId, CancellationToken cancellationToken = default);

    /// <summary>The items in key order (invalid ones first, by line), all of them or those with <paramref name="status"/> (<c>invalid</c> or a status's wire name).</summary>
    Task<Page<BatchItem>> ListItemsAsync(string batchId, string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);

    /// <summary>Marks the batch cancelled (the first time only); items not yet started are then not started.</summary>
    Task MarkCancelledAsync(string batchId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Records when the batch was found complete (the first time only).</summary>
    Task MarkCompletedAsync(string batchId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Items in one <see cref="AddItemsAsync"/> group: a table transaction holds 100 entities, one of them the count row.</summary>
    public const int MaxGroup = 99;
}

/// <summary>The blobs of batches: inline items kept as NDJSON, the <c>comms-batches</c> files, and the chunks of accepted items.</summary>
public interface IBatchFiles
{
    /// <summary>Keeps an inline batch's items, one JSON value per line, as its source.</summary>
    Task PutInlineAsync(string batchId, ReadOnlyMemory<byte> ndjson, CancellationToken cancellationToken = default);

    /// <summary>The size of a blob in <c>comms-batches</c>, or null when there is none of that name.</summary>
    Task<long?> SizeAsync(string itemsBlob, CancellationToken cancellationToken = default);

    /// <summary>The batch's source as NDJSON, or null when it is gone.</summary>
    Task<Stream?> OpenSourceAsync(BatchHeader batch, CancellationToken cancellationToken = default);

    Task PutChunkAsync(string batchId, int index, ReadOnlyMemory<byte> ndjson, CancellationToken cancellationToken = default);

    Task<byte[]> GetChunkAsync(string batchId, int index, CancellationToken cancellationToken = default);
}

/// <summary>Business keys (<c>CommsBusinessKeys</c>): the first request under each key, and what its customer gets.</summary>
public interface IBusinessKeys
{
    /// <summary>Claims the key for the request unless it is claimed; returns the request that holds it and its content hash.</summary>
    Task<(string RequestId, string ContentHash)> ClaimAsync(string businessKey, string requestId, string contentHash, CancellationToken cancellationToken = default);
}

/// <summary>Cancellation keys (<c>CommsCancellationKeys</c>): the requests each key cancels.</summary>
public interface ICancellationKeys
{
    Task AddAsync(string cancellationKey, string requestId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ListAsync(string cancellationKey, CancellationToken cancellationToken = default);
}
