using System.Globalization;
using Comms.Core.Domain;

namespace Comms.Core.Pacing;

/// <summary>
/// <c>Comms:QuietHours</c> (README, Quiet hours): per channel, the window of the recipient's local day in which it may
/// be contacted (<c>Channels:sms:Start</c> = <c>08:00</c>, <c>End</c> = <c>21:00</c>; a window whose end is before its start
/// runs over midnight). The recipient's time zone is the account's (CMP or the pushed profile), else
/// <see cref="DefaultTimeZone"/>; with neither, the channel's window cannot be placed and does not apply.
/// </summary>
public sealed class QuietHoursOptions
{
    public const string Section = "Comms:QuietHours";

    /// <summary>An IANA time zone for recipients whose account names none.</summary>
    public string? DefaultTimeZone { get; set; }

    /// <summary>The sending window per channel wire name.</summary>
    public Dictionary<string, SendWindow> Channels { get; } = new(StringComparer.Ordinal);

    /// <summary>The first problem, or null.</summary>
    public string? Problem()
    {
        if (DefaultTimeZone is { Length: > 0 } zone && !TimeZones.TryFind(zone, out _))
        {
            return $"Comms:QuietHours:DefaultTimeZone '{zone}' is not an IANA time zone.";
        }

        foreach (var (channel, window) in Channels)
        {
            if (!ChannelDescriptions.All.Any(c => c.WireName == channel))
            {
                return $"Comms:QuietHours:Channels:{channel} is not a channel's wire name.";
            }

            if (window.Start is null || window.End is null || window.Start == window.End)
            {
                return $"Comms:QuietHours:Channels:{channel} needs a Start and an End (local times such as 08:00 and 21:00) that differ.";
            }
        }

        return null;
    }

    /// <summary>The window of a channel, or null when it may be contacted at any hour.</summary>
    public SendWindow? For(Channel channel) => Channels.GetValueOrDefault(channel.WireName());
}

/// <summary>A channel's sending window, in the recipient's local time: <see cref="Start"/> inclusive, <see cref="End"/> exclusive.</summary>
public sealed class SendWindow
{
    public TimeOnly? Start { get; set; }

    public TimeOnly? End { get; set; }

    public override string ToString() => $"{Start?.ToString("HH:mm", CultureInfo.InvariantCulture)}–{End?.ToString("HH:mm", CultureInfo.InvariantCulture)}";
}

/// <summary>When a channel's window opens for a recipient: the one calculation, pure, tested on the days the clocks change.</summary>
public static class QuietHours
{
    /// <summary>
    /// Null when <paramref name="nowUtc"/> is inside the window in <paramref name="zone"/>; otherwise the UTC instant it
    /// next opens. A start that does not exist that day (the clocks go forward over it) opens at the first local time
    /// after the gap; a start that happens twice (the clocks go back) opens at the first.
    /// </summary>
    public static DateTimeOffset? NextOpening(DateTimeOffset nowUtc, TimeZoneInfo zone, SendWindow window)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(window);
        var (start, end) = (window.Start!.Value, window.End!.Value);
        var local = TimeZoneInfo.ConvertTime(nowUtc, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        var inside = start < end ? time >= start && time < end : time >= start || time < end;
        if (inside)
        {
            return null;
        }

        var day = DateOnly.FromDateTime(local.DateTime);
        var opening = ToUtc(day.ToDateTime(start), zone);
        return opening > nowUtc ? opening : ToUtc(day.AddDays(1).ToDateTime(start), zone);
    }

    private static DateTimeOffset ToUtc(DateTime localUnspecified, TimeZoneInfo zone)
    {
        // Inside the spring-forward gap: the first minute after it.
        while (zone.IsInvalidTime(localUnspecified))
        {
            localUnspecified = localUnspecified.AddMinutes(1);
        }

        // Twice in the autumn: the first (the larger offset, daylight time).
        var offset = zone.IsAmbiguousTime(localUnspecified) ? zone.GetAmbiguousTimeOffsets(localUnspecified).Max() : zone.GetUtcOffset(localUnspecified);
        return new DateTimeOffset(localUnspecified, offset).ToUniversalTime();
    }
}
