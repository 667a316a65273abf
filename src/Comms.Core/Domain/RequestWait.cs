using System.Text.Json.Serialization;

namespace Comms.Core.Domain;

/// <summary>What a request in progress is waiting for (README, Retries, rate limits and resend).</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<WaitReason>))]
public enum WaitReason
{
    /// <summary>The next attempt of a step that failed transiently.</summary>
    Retry,

    /// <summary>Its turn under a provider's rate limit, or the end of a provider's <c>Retry-After</c>.</summary>
    RateLimit,

    /// <summary>The next attempt to archive a message that was sent (the status stays <c>sent</c>).</summary>
    Archive,

    /// <summary>The channel's sending window in the recipient's local time (README, Quiet hours).</summary>
    QuietHours,
}

/// <summary>
/// A request's wait, shown on its header: why, until when, and the last error. A wait with no reason clears it
/// (<paramref name="Cleared"/> says which wait ended).
/// </summary>
public sealed record RequestWait(string RequestId, WaitReason? WaitingFor, DateTimeOffset? Until, string? LastError, int Attempt = 0, WaitReason? Cleared = null);
