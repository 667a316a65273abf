using System.Text.Json.Serialization;
using Comms.Core.Domain;

namespace Comms.Core.Batches;

/// <summary>Where a batch's items come from: the request's own <c>items</c>, or an NDJSON blob in <c>comms-batches</c>.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<BatchSource>))]
public enum BatchSource
{
    Inline,
    Blob,
}

/// <summary>The batch row (<c>CommsBatches</c>): what was submitted, and what preparing and cancelling it did.</summary>
/// <param name="Fingerprint">A hash of the submission: the same batch submitted again matches it.</param>
/// <param name="ItemsBlob">The NDJSON blob in <c>comms-batches</c>, for a <see cref="BatchSource.Blob"/> batch.</param>
/// <param name="Defaults">The JSON object of the items' defaults.</param>
/// <param name="Prepared">True once every line has been read: the items are listed, the counts below are set.</param>
/// <param name="Expected">Items in the submission (lines that are not blank).</param>
/// <param name="Accepted">Items that became requests.</param>
/// <param name="Invalid">Items listed as invalid, with their line and reason.</param>
/// <param name="Chunks">How many chunks of accepted items the batch orchestration starts.</param>
/// <param name="Error">Why the batch could not be read at all (its blob is gone, it is too large); nothing was started.</param>
public sealed record BatchHeader(
    string BatchId,
    string Fingerprint,
    BatchSource Source,
    string? ItemsBlob,
    string Defaults,
    DateTimeOffset CreatedAt,
    bool Prepared = false,
    int Expected = 0,
    int Accepted = 0,
    int Invalid = 0,
    int Chunks = 0,
    string? Error = null,
    DateTimeOffset? CancelledAt = null,
    DateTimeOffset? CompletedAt = null);

/// <summary>
/// One item of a batch (<c>CommsBatchItems</c>): a valid item under its item key with its request's current status,
/// or an invalid one under its line number with the reason.
/// </summary>
/// <param name="Status">The request's status, or null for an invalid item.</param>
/// <param name="Final">True once the item is accounted for (<see cref="CommsStatusRules.IsFinal"/>, or a final <c>sent</c>).</param>
/// <param name="Reason">Why the item is invalid, failed or rejected.</param>
/// <param name="ProviderMessageId">The provider's id of the message, once sent.</param>
/// <param name="Documents">The archived documents' names, once stored.</param>
public sealed record BatchItem(
    string BatchId,
    int Line,
    string? ItemKey,
    string? RequestId,
    Channel? Channel,
    CommsStatus? Status,
    bool Final,
    string? Reason,
    DateTimeOffset At,
    string? ProviderMessageId = null,
    IReadOnlyList<string>? Documents = null)
{
    public bool IsInvalid => Status is null;
}

/// <summary>A batch's counts, kept as its items change (no scan on read): items per status, invalid ones, and those accounted for.</summary>
public sealed record BatchCounts(IReadOnlyDictionary<CommsStatus, int> ByStatus, int Invalid, int Final)
{
    public static BatchCounts Empty { get; } = new(new Dictionary<CommsStatus, int>(), 0, 0);
}

/// <summary>What Prepare made of a batch: the chunks to start.</summary>
public sealed record BatchPlan(int Chunks, string? Error = null);

/// <summary>One chunk of a batch's accepted items, to start.</summary>
public sealed record BatchChunk(string BatchId, int Index);

/// <summary>Whether every item of the batch is accounted for.</summary>
public sealed record BatchProgress(bool Complete);

/// <summary>The batch completion callback's body: <c>{batchId, complete, counts}</c>.</summary>
public sealed record BatchCompletion(string BatchId, bool Complete, IReadOnlyDictionary<string, int> Counts)
{
    public string WebhookId => RequestIds.BatchCallbackWebhookId(BatchId);
}
