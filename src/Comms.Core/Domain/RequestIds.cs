using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Comms.Core.Domain;

/// <summary>
/// The id authority: which request and account ids are valid, and every identity Comms derives from a request id
/// (docs/architecture.md, Identities). Each is written here once; a retry, a replay or a second host derives the same.
/// </summary>
public static partial class RequestIds
{
    /// <summary>The history source of the pipeline's own statuses.</summary>
    public const string PipelineSource = "pipeline";

    /// <summary>The report id of the read receipt of an in-app notification (one per request).</summary>
    public const string OnlineRead = "online-read";

    /// <summary>Request ids: letters, digits and <c>. _ : -</c>, 1–100 characters, not dots alone (openapi.yaml).</summary>
    public static bool IsValid(string? requestId) => requestId is not null && RequestIdPattern().IsMatch(requestId);

    /// <summary>Account ids: letters, digits and <c>. _ : @ -</c>, 1–100 characters.</summary>
    public static bool IsValidAccount(string? accountId) => accountId is not null && AccountIdPattern().IsMatch(accountId);

    /// <summary>Comms type names: a letter, then letters and digits, 1–64 characters (a template folder's name).</summary>
    public static bool IsValidCommsType(string? commsType) => commsType is not null && CommsTypePattern().IsMatch(commsType);

    /// <summary>The request a workflow event creates: a redelivered message derives the same id and starts nothing new.</summary>
    public static string FromWorkflowEvent(string eventId, string whenToCreate) => $"we-{eventId}-{whenToCreate}".ToLowerInvariant();

    /// <summary>
    /// The request that resends <paramref name="requestId"/>: <c>{requestId}:resend</c>, or <c>resend:</c> and 40 hex
    /// digits of its SHA-256 when that would be longer than 100 characters. The same each time, so a repeated resend
    /// finds the first one.
    /// </summary>
    public static string Resend(string requestId)
    {
        var plain = requestId + ":resend";
        return plain.Length <= 100 ? plain : "resend:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestId)))[..40];
    }

    /// <summary>The request of step <paramref name="step"/> (from 1) of a fallback chain: <c>{requestId}:step-{step}</c> (<see cref="Child"/>).</summary>
    public static string ChainStep(string requestId, int step) => Child(requestId, $"step-{step}");

    /// <summary>The request of target <paramref name="target"/> (from 1) of a fan-out: <c>{requestId}:target-{target}</c> (<see cref="Child"/>).</summary>
    public static string TargetChild(string requestId, int target) => Child(requestId, $"target-{target}");

    /// <summary>
    /// A child request's id: <c>{requestId}:{suffix}</c>, or <c>{suffix}:</c> and 40 hex digits of the parent's SHA-256
    /// when that would be longer than 100 characters. Batch item keys cannot end like a child's suffix, so a child of an
    /// item is never taken for another item.
    /// </summary>
    private static string Child(string requestId, string suffix)
    {
        var plain = requestId + ":" + suffix;
        return plain.Length <= 100 ? plain : suffix + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestId)))[..40];
    }

    /// <summary>The prefix of every batch item's request id, reserved: <c>POST /api/comms</c> refuses request ids that start with it.</summary>
    public const string BatchPrefix = "batch:";

    /// <summary>Batch ids: letters, digits and <c>. _ -</c>, 1–40 characters, not dots alone (no <c>:</c>, which ends the batch id in an item's request id).</summary>
    public static bool IsValidBatch(string? batchId) => batchId is not null && BatchIdPattern().IsMatch(batchId);

    /// <summary>Item keys: letters, digits and <c>. _ : -</c>, 1–53 characters, not dots alone, not ending in <c>:resend</c>, <c>:step-N</c> or <c>:target-N</c>.</summary>
    public static bool IsValidItemKey(string? itemKey) => itemKey is not null && ItemKeyPattern().IsMatch(itemKey);

    /// <summary>
    /// The request id of a batch item: <c>batch:{batchId}:{itemKey}</c> (at most 6 + 40 + 1 + 53 = 100 characters). The
    /// batch id has no <c>:</c>, so the first colon after the prefix ends it and two batches never derive the same id.
    /// </summary>
    public static string BatchItem(string batchId, string itemKey) => $"{BatchPrefix}{batchId}:{itemKey}";

    /// <summary>The batch and item key of a batch item's request id (a resend of one is <c>{itemKey}:resend</c>, an item of no batch).</summary>
    public static bool TryParseBatchItem(string requestId, out string batchId, out string itemKey)
    {
        (batchId, itemKey) = ("", "");
        if (!requestId.StartsWith(BatchPrefix, StringComparison.Ordinal) || requestId.IndexOf(':', BatchPrefix.Length) is var colon && colon < 0)
        {
            return false;
        }

        (batchId, itemKey) = (requestId[BatchPrefix.Length..colon], requestId[(colon + 1)..]);
        return IsValidBatch(batchId) && IsValidItemKey(itemKey);
    }

    /// <summary>The instance id of a batch's orchestration: <c>batch:{batchId}</c>, which no request id can be.</summary>
    public static string BatchInstance(string batchId) => BatchPrefix + batchId;

    /// <summary>The <c>webhook-id</c> of a batch's completion callback: one per batch.</summary>
    public static string BatchCallbackWebhookId(string batchId) => $"batch-{batchId}-complete".ToLowerInvariant();

    /// <summary>The report id of a status the pipeline itself records (<c>pipeline-sent</c>): once per request and status.</summary>
    public static string PipelineReport(CommsStatus status) => $"{PipelineSource}-{status}".ToLowerInvariant();

    /// <summary>The send ledger's purpose of a channel's send (<c>send-email</c>).</summary>
    public static string SendPurpose(Channel channel) => "send-" + channel.WireName();

    /// <summary>The idempotency key of one send of a request: the same on every attempt.</summary>
    public static string IdempotencyKey(string requestId, string purpose) => $"{requestId}:{purpose}";

    /// <summary>A GUID (RFC 9562 version 8, name-based) from the SHA-256 of a key: the providers' idempotency ids (ACS Operation-Id, repeatabilityRequestId).</summary>
    public static Guid StableGuid(string key)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>The <c>webhook-id</c> of a status callback to CMP: one per request and status, so CMP can drop a repeat.</summary>
    public static string StatusCallbackWebhookId(string requestId, CommsStatus status) => $"status-{requestId}-{status}".ToLowerInvariant();

    /// <summary>The history source of a partner's status webhook.</summary>
    public static string PartnerSource(string partner) => "partner:" + partner;

    /// <summary>The report id of an external report (<c>acs:{eventGridEventId}</c>): a redelivered event lands once.</summary>
    public static string ExternalReport(string source, string eventId) => $"{source}:{eventId}";

    /// <summary>The request's trace id and root span id: the first 24 bytes of SHA-256 over the request id.</summary>
    public static (byte[] TraceId, byte[] SpanId) Trace(string requestId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(requestId));
        return (hash[..16], hash[16..24]);
    }

    // Not dots alone: "." and ".." are refused as table keys and mean something else in a blob path.
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,63}$")]
    private static partial Regex CommsTypePattern();

    [GeneratedRegex(@"^(?!\.+$)[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex RequestIdPattern();

    [GeneratedRegex(@"^(?!\.+$)[A-Za-z0-9._:@-]{1,100}$")]
    private static partial Regex AccountIdPattern();

    [GeneratedRegex(@"^(?!\.+$)[A-Za-z0-9._-]{1,40}$")]
    private static partial Regex BatchIdPattern();

    // Not ending in ":resend", ":step-N" or ":target-N": a resend or a child of an item derives such an id, which must not name another item.
    [GeneratedRegex(@"^(?!\.+$)(?!.*:(resend|step-[0-9]+|target-[0-9]+)$)[A-Za-z0-9._:-]{1,53}$")]
    private static partial Regex ItemKeyPattern();
}
