namespace Comms.Infrastructure.Callbacks;

/// <summary><c>Comms:StatusCallbacks</c>: where status changes are POSTed, signed with Standard Webhooks.</summary>
public sealed class StatusCallbackOptions
{
    public const string Section = "Comms:StatusCallbacks";

    /// <summary>The receiver; no callbacks are sent when unset.</summary>
    public Uri? Url { get; set; }

    /// <summary>The <c>whsec_…</c> secret the callbacks are signed with.</summary>
    public string? Secret { get; set; }

    /// <summary>Attempts before a change is given up and recorded in <c>CommsRejected</c>.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait before the second attempt; it doubles for each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
