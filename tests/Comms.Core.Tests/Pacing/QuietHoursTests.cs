using Comms.Core.Domain;
using Comms.Core.Pacing;

namespace Comms.Core.Tests.Pacing;

public class QuietHoursTests
{
    private static readonly SendWindow Day = new() { Start = new TimeOnly(8, 0), End = new TimeOnly(21, 0) };

    private static TimeZoneInfo London => TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime();

    [Theory]
    [InlineData("2026-11-30T12:00:00Z", null)] // inside
    [InlineData("2026-11-30T08:00:00Z", null)] // the start is inside
    [InlineData("2026-11-30T21:00:00Z", "2026-12-01T08:00:00Z")] // the end is outside
    [InlineData("2026-11-30T22:30:00Z", "2026-12-01T08:00:00Z")] // 22:30 local (GMT) → 08:00 the next morning
    [InlineData("2026-11-30T03:00:00Z", "2026-11-30T08:00:00Z")] // early morning → 08:00 the same day
    [InlineData("2026-07-01T21:30:00Z", "2026-07-02T07:00:00Z")] // 22:30 BST → 08:00 BST = 07:00 UTC
    public void The_window_opens_at_its_start_in_local_time(string now, string? opens) =>
        Assert.Equal(opens is null ? null : Utc(opens), QuietHours.NextOpening(Utc(now), London, Day));

    [Fact]
    public void On_the_day_the_clocks_go_forward_the_window_opens_at_eight_summer_time()
    {
        // Saturday 28 March 2026 22:30 GMT; the clocks go forward at 01:00 UTC on Sunday 29 March: 08:00 BST is 07:00 UTC.
        Assert.Equal(Utc("2026-03-29T07:00:00Z"), QuietHours.NextOpening(Utc("2026-03-28T22:30:00Z"), London, Day));
        Assert.Null(QuietHours.NextOpening(Utc("2026-03-29T07:00:00Z"), London, Day));
        Assert.Equal(Utc("2026-03-29T07:00:00Z"), QuietHours.NextOpening(Utc("2026-03-29T06:59:59Z"), London, Day));
    }

    [Fact]
    public void On_the_day_the_clocks_go_back_the_window_opens_at_eight_winter_time()
    {
        // Saturday 24 October 2026 22:30 BST (21:30 UTC); the clocks go back at 01:00 UTC on Sunday 25 October: 08:00 GMT is 08:00 UTC.
        Assert.Equal(Utc("2026-10-25T08:00:00Z"), QuietHours.NextOpening(Utc("2026-10-24T21:30:00Z"), London, Day));
        Assert.Equal(Utc("2026-10-25T08:00:00Z"), QuietHours.NextOpening(Utc("2026-10-25T07:30:00Z"), London, Day));
    }

    [Fact]
    public void A_start_inside_the_spring_gap_opens_just_after_it_and_a_repeated_one_opens_the_first_time()
    {
        var window = new SendWindow { Start = new TimeOnly(1, 30), End = new TimeOnly(6, 0) };

        // 01:30 does not exist in London on 29 March 2026: the window opens at 02:00 BST = 01:00 UTC.
        Assert.Equal(Utc("2026-03-29T01:00:00Z"), QuietHours.NextOpening(Utc("2026-03-28T23:00:00Z"), London, window));

        // 01:30 happens twice on 25 October 2026 (BST, then GMT): the first, 00:30 UTC.
        Assert.Equal(Utc("2026-10-25T00:30:00Z"), QuietHours.NextOpening(Utc("2026-10-24T22:00:00Z"), London, window));
    }

    [Theory]
    [InlineData("2026-11-30T23:00:00Z", null)] // inside a window over midnight
    [InlineData("2026-11-30T05:59:00Z", null)]
    [InlineData("2026-11-30T12:00:00Z", "2026-11-30T22:00:00Z")]
    public void A_window_over_midnight_runs_from_its_start_to_its_end_the_next_day(string now, string? opens) =>
        Assert.Equal(opens is null ? null : Utc(opens), QuietHours.NextOpening(Utc(now), London, new SendWindow { Start = new TimeOnly(22, 0), End = new TimeOnly(6, 0) }));

    [Theory]
    [InlineData("Europe/London", true)]
    [InlineData("America/New_York", true)]
    [InlineData("GMT Standard Time", false)] // a Windows id
    [InlineData("Mars/Olympus_Mons", false)]
    [InlineData("../../etc/passwd", false)]
    [InlineData("", false)]
    public void Time_zones_are_iana_ids_the_machine_knows(string id, bool known) => Assert.Equal(known, TimeZones.TryFind(id, out _));

    [Fact]
    public void Options_refuse_an_unknown_zone_channel_or_an_empty_window()
    {
        Assert.Contains("not an IANA time zone", new QuietHoursOptions { DefaultTimeZone = "Nowhere/City" }.Problem());
        Assert.Contains("not a channel's wire name", new QuietHoursOptions { Channels = { ["fax"] = Day } }.Problem());
        Assert.Contains("needs a Start and an End", new QuietHoursOptions { Channels = { ["sms"] = new SendWindow { Start = new TimeOnly(8, 0) } } }.Problem());
        Assert.Null(new QuietHoursOptions { DefaultTimeZone = "Europe/London", Channels = { ["sms"] = Day, ["pushToHandset"] = Day } }.Problem());
    }
}
