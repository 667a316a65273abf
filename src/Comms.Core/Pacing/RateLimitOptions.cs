using Comms.Core.Domain;

namespace Comms.Core.Pacing;

/// <summary>At most <paramref name="Limit"/> sends in any <paramref name="Period"/>.</summary>
public sealed record RateWindow(int Limit, TimeSpan Period)
{
    /// <summary>Most reservations a window keeps (they are stored in one table property of 64 KiB).</summary>
    public const int MaxLimit = 8000;

    /// <summary>
    /// How much longer than configured the limiter keeps each window: 1/60 of the period, at least 2 s. A send goes
    /// out within it after its slot (a later one reserves a new slot), so however the sends are delayed, a provider
    /// never sees more than the limit in any period.
    /// </summary>
    public TimeSpan Margin => Period / 60 > TimeSpan.FromSeconds(2) ? Period / 60 : TimeSpan.FromSeconds(2);

    /// <summary>The period the limiter enforces: <see cref="Period"/> plus <see cref="Margin"/>.</summary>
    public TimeSpan Enforced => Period + Margin;

    /// <summary>The spacing of this window's slots: <see cref="Period"/> / <see cref="Limit"/>.</summary>
    public TimeSpan Spacing => Period / Limit;

    /// <summary>
    /// How far ahead the bulk lane reserves slots, for the tightest of the windows: two slots' spacing, at least 10 s.
    /// A single request arriving behind a bulk run waits about this long, not for the run.
    /// </summary>
    public static TimeSpan Lookahead(IReadOnlyList<RateWindow> limits) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(10).Ticks, 2 * limits.Max(w => w.Spacing.Ticks)));
}

/// <summary>One channel's rate limits: per minute and per hour, and any other windows.</summary>
public sealed class ChannelRateLimits
{
    public int? PerMinute { get; set; }

    public int? PerHour { get; set; }

    /// <summary>Other windows (tests use periods of seconds).</summary>
    public List<RateWindow> Windows { get; set; } = [];

    public IReadOnlyList<RateWindow> All()
    {
        var all = new List<RateWindow>(Windows);
        if (PerMinute is { } minute)
        {
            all.Add(new RateWindow(minute, TimeSpan.FromMinutes(1)));
        }

        if (PerHour is { } hour)
        {
            all.Add(new RateWindow(hour, TimeSpan.FromHours(1)));
        }

        return all;
    }
}

/// <summary>
/// <c>Comms:RateLimits:{channel}</c> (README, Retries, rate limits and resend): the limits of each channel's sender, keyed by
/// the channel's wire name (<c>email</c>, <c>sms</c>, <c>pushToHandset</c>, <c>pushToExternal</c>, <c>letter</c>,
/// <c>online</c>). The limiter's key is the sender itself (<see cref="Ports.IMessageSender.SenderKey"/>).
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Comms:RateLimits";

    public Dictionary<string, ChannelRateLimits> Channels { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<RateWindow> For(Channel channel) =>
        Channels.TryGetValue(channel.WireName(), out var limits) ? limits.All() : [];

    /// <summary>Null when valid, else what is wrong.</summary>
    public string? Problem()
    {
        foreach (var (name, limits) in Channels)
        {
            if (!Enum.GetValues<Channel>().Any(c => string.Equals(c.WireName(), name, StringComparison.OrdinalIgnoreCase)))
            {
                return $"Comms:RateLimits:{name} names no channel.";
            }

            if (limits.All().Any(w => w.Limit is < 1 or > RateWindow.MaxLimit || w.Period < TimeSpan.FromSeconds(1)))
            {
                return $"Comms:RateLimits:{name}: every limit must be 1–{RateWindow.MaxLimit} over a period of at least 1 s.";
            }
        }

        return null;
    }
}
