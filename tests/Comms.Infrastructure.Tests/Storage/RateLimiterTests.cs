using Comms.Core.Pacing;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Tests.Storage;

/// <summary>The shared rate limiter on Azurite: exact sliding windows, shared by concurrent callers, and paused by a 429.</summary>
public sealed class RateLimiterTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly RateWindow ThreePer10s = new(3, TimeSpan.FromSeconds(10));

    private IRateLimiter Limiter => fixture.Get<IRateLimiter>();

    [Fact]
    public async Task Slots_are_spread_over_the_window_and_the_next_window_starts_a_whole_enforced_window_on()
    {
        var key = StorageFixture.NewId("sender");

        var slots = new List<DateTimeOffset>();
        for (var i = 0; i < 7; i++)
        {
            slots.Add(await Limiter.ReserveAsync(key, [ThreePer10s], T0));
        }

        var (window, step) = (ThreePer10s.Enforced, ThreePer10s.Period / 3);
        Assert.Equal(TimeSpan.FromSeconds(12), window);
        Assert.Equal([T0, T0 + step, T0 + 2 * step, T0 + window, T0 + window + step, T0 + window + 2 * step, T0 + 2 * window], slots);
    }

    [Fact]
    public async Task A_bill_run_in_the_bulk_lane_reserves_a_lookahead_ahead_and_a_single_request_goes_before_the_rest()
    {
        var key = StorageFixture.NewId("sender");
        var lookahead = RateWindow.Lookahead([ThreePer10s]);
        Assert.Equal(TimeSpan.FromSeconds(10), lookahead);

        var bulk = new List<(DateTimeOffset At, bool Reserved)>();
        for (var i = 0; i < 6; i++)
        {
            bulk.Add(await Limiter.ReserveBulkAsync(key, [ThreePer10s], T0, turn: null));
        }

        // Three slots within the lookahead are reserved; the rest take turns, spaced like slots, and reserve nothing.
        var step = ThreePer10s.Spacing;
        Assert.Equal([true, true, true, false, false, false], bulk.Select(b => b.Reserved));
        Assert.Equal([T0, T0 + step, T0 + 2 * step], bulk.Take(3).Select(b => b.At));
        Assert.Equal([T0 + ThreePer10s.Enforced, T0 + ThreePer10s.Enforced + step, T0 + ThreePer10s.Enforced + 2 * step], bulk.Skip(3).Select(b => b.At));

        // A single request arriving now gets the next slot, ahead of every bulk turn.
        var single = await Limiter.ReserveAsync(key, [ThreePer10s], T0);
        Assert.Equal(T0 + ThreePer10s.Enforced, single);

        // The first turn comes back a lookahead before it: its slot is now after the single one, so it keeps its place
        // (writing nothing) and comes back a lookahead before that slot, and reserves it.
        var returned = await Limiter.ReserveBulkAsync(key, [ThreePer10s], bulk[3].At - lookahead, bulk[3].At);
        Assert.Equal((single + step, false), returned);
        Assert.Equal((single + step, true), await Limiter.ReserveBulkAsync(key, [ThreePer10s], returned.At - lookahead, bulk[3].At));
    }

    [Fact]
    public async Task A_sender_idle_for_a_while_gets_its_slot_at_once()
    {
        var key = StorageFixture.NewId("sender");
        await Limiter.ReserveAsync(key, [ThreePer10s], T0);

        Assert.Equal(T0.AddMinutes(1), await Limiter.ReserveAsync(key, [ThreePer10s], T0.AddMinutes(1)));
    }

    [Fact]
    public async Task Every_window_holds_a_minute_limit_and_an_hour_limit_together()
    {
        var key = StorageFixture.NewId("sender");
        RateWindow[] limits = [new(2, TimeSpan.FromMinutes(1)), new(3, TimeSpan.FromHours(1))];

        var slots = new List<DateTimeOffset>();
        for (var i = 0; i < 4; i++)
        {
            slots.Add(await Limiter.ReserveAsync(key, limits, T0));
        }

        Assert.Equal([T0, T0 + TimeSpan.FromMinutes(20), T0 + TimeSpan.FromMinutes(40), T0 + limits[1].Enforced], slots);
    }

    [Fact]
    public async Task Concurrent_callers_share_the_limit_and_never_exceed_it_in_any_window()
    {
        var key = StorageFixture.NewId("sender");
        var window = new RateWindow(5, TimeSpan.FromSeconds(10));

        var slots = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => Limiter.ReserveAsync(key, [window], T0))));

        var sorted = slots.Order().ToList();
        Assert.Equal(100, sorted.Distinct().Count());
        for (var i = window.Limit; i < sorted.Count; i++)
        {
            Assert.True(sorted[i] - sorted[i - window.Limit] >= window.Enforced, $"slot {i} at {sorted[i]:O} is within {window.Enforced} of slot {i - window.Limit}");
        }

        Assert.Equal(T0 + 19 * window.Enforced + 4 * (window.Period / window.Limit), sorted[^1]);
    }

    [Fact]
    public async Task A_pause_holds_every_new_slot_until_it_ends()
    {
        var key = StorageFixture.NewId("sender");
        await Limiter.ReserveAsync(key, [ThreePer10s], T0);

        await Limiter.PauseAsync(key, T0.AddSeconds(30));
        await Limiter.PauseAsync(key, T0.AddSeconds(20)); // an earlier end does not shorten it

        Assert.Equal(T0.AddSeconds(30), await Limiter.ReserveAsync(key, [ThreePer10s], T0.AddSeconds(1)));
        Assert.True(await Limiter.ReserveAsync(key, [ThreePer10s], T0.AddSeconds(2)) >= T0.AddSeconds(30));
    }
}
