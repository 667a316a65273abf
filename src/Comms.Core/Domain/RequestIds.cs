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
    [GeneratedRegex(@"^(?!\.+$)[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex RequestIdPattern();

    [GeneratedRegex(@"^(?!\.+$)[A-Za-z0-9._:@-]{1,100}$")]
    private static partial Regex AccountIdPattern();
}
