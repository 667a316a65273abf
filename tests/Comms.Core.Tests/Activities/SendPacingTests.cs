using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Pacing;
using Comms.Core.Ports;
using Comms.Core.Workflow;
using Microsoft.Extensions.Options;
using Moq;

namespace Comms.Core.Tests.Activities;

/// <summary>Send under rate limits: it reserves a slot, waits for it, sends in it, and turns a 429 into a wait and a pause.</summary>
public class SendPacingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly RateWindow Window = new(5, TimeSpan.FromSeconds(10));
    private static readonly CommsTarget Target = new("Ada", "ada@example.com");
    private static readonly SendInput Input = new(
        new CommsRequest("r-1", "A", "InvoiceReady", Channel.Online, Target, null, null, null, CommsSource.Api),
        new GatherResult(Target, "en-GB", "InvoiceReady", "v1"),
        new RenderResult([]));

    private readonly Clock time = new() { Now = Now };
    private readonly Mock<IRateLimiter> limiter = new();
    private readonly Mock<IMessageSender> sender = new();
    private readonly Mock<ISendLedger> ledger = new();

    public SendPacingTests()
    {
        sender.SetupGet(s => s.Channel).Returns(Channel.Online);
        sender.Setup(s => s.SenderKey(It.IsAny<CommsTarget>())).Returns("inbox");
        sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>())).ReturnsAsync(new SendReceipt("inbox", "m-1", CommsStatus.Delivered));
        ledger.Setup(l => l.ClaimAsync("r-1", It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LedgerEntry("r-1", "send-online", Now, 1, null, null, null));
    }

    private SendActivity Activity(params RateWindow[] limits)
    {
        var options = new RateLimitOptions();
        if (limits.Length > 0)
        {
            options.Channels["online"] = new ChannelRateLimits { Windows = [.. limits] };
        }

        return new SendActivity([sender.Object], ledger.Object, Mock.Of<IWorkStore>(), limiter.Object, Options.Create(options), new Comms.Testing.Fakes.MemoryConsentStore().Policy(), time);
    }

    [Fact]
    public async Task Without_limits_the_limiter_is_never_asked()
    {
        var result = await Activity().RunAsync(Input);

        Assert.Null(result.WaitUntil);
        limiter.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_slot_now_sends_now()
    {
        limiter.Setup(l => l.ReserveAsync("inbox", It.IsAny<IReadOnlyList<RateWindow>>(), Now, It.IsAny<CancellationToken>())).ReturnsAsync(Now);

        var result = await Activity(Window).RunAsync(Input);

        Assert.Equal("m-1", result.ProviderMessageId);
        sender.Verify(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_later_slot_is_a_wait_for_it_and_nothing_is_sent()
    {
        var slot = Now.AddSeconds(12);
        limiter.Setup(l => l.ReserveAsync("inbox", It.IsAny<IReadOnlyList<RateWindow>>(), Now, It.IsAny<CancellationToken>())).ReturnsAsync(slot);

        var result = await Activity(Window).RunAsync(Input);

        Assert.Equal((slot, slot), (result.WaitUntil, result.Slot));
        sender.Verify(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()), Times.Never);
        ledger.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_reserved_slot_that_has_come_sends_without_reserving_again()
    {
        time.Now = Now.AddSeconds(12.5);

        var result = await Activity(Window).RunAsync(Input with { Slot = Now.AddSeconds(12) });

        Assert.Null(result.WaitUntil);
        limiter.VerifyNoOtherCalls();
        sender.Verify(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Woken_a_little_before_its_slot_it_waits_for_the_slot_and_sends()
    {
        var slot = DateTimeOffset.UtcNow.AddMilliseconds(600);
        var real = new SendActivity([sender.Object], ledger.Object, Mock.Of<IWorkStore>(), limiter.Object,
            Options.Create(new RateLimitOptions { Channels = { ["online"] = new ChannelRateLimits { Windows = [Window] } } }), new Comms.Testing.Fakes.MemoryConsentStore().Policy(), TimeProvider.System);

        var result = await real.RunAsync(Input with { Slot = slot });

        Assert.Null(result.WaitUntil);
        Assert.True(DateTimeOffset.UtcNow >= slot.AddMilliseconds(-100), "sent before its slot");
        limiter.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Woken_long_before_its_slot_it_waits_again_for_the_same_slot()
    {
        var slot = Now.AddMinutes(1);

        var result = await Activity(Window).RunAsync(Input with { Slot = slot });

        Assert.Equal((slot, slot), (result.WaitUntil, result.Slot));
        limiter.VerifyNoOtherCalls();
        sender.Verify(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_send_later_than_the_margin_after_its_slot_reserves_a_new_one()
    {
        var late = Now.AddSeconds(12) + Window.Margin;
        time.Now = late;
        limiter.Setup(l => l.ReserveAsync("inbox", It.IsAny<IReadOnlyList<RateWindow>>(), late, It.IsAny<CancellationToken>())).ReturnsAsync(late.AddSeconds(5));

        var result = await Activity(Window).RunAsync(Input with { Slot = Now.AddSeconds(12) });

        Assert.Equal(late.AddSeconds(5), result.WaitUntil);
        sender.Verify(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_reservation_that_comes_back_past_its_margin_is_given_up_for_another()
    {
        var stale = Now;
        var later = Now + Window.Margin + TimeSpan.FromSeconds(1);
        limiter.Setup(l => l.ReserveAsync("inbox", It.IsAny<IReadOnlyList<RateWindow>>(), Now, It.IsAny<CancellationToken>()))
            .Callback(() => time.Now = later)
            .ReturnsAsync(stale);
        limiter.Setup(l => l.ReserveAsync("inbox", It.IsAny<IReadOnlyList<RateWindow>>(), later, It.IsAny<CancellationToken>())).ReturnsAsync(later);

        var result = await Activity(Window).RunAsync(Input);

        Assert.Equal("m-1", result.ProviderMessageId);
        limiter.Verify(l => l.ReserveAsync("inbox", It.IsAny<IReadOnlyList<RateWindow>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Reservations_that_all_come_back_too_late_are_a_short_wait_and_nothing_is_sent()
    {
        limiter.Setup(l => l.ReserveAsync("inbox", It.IsAny<IReadOnlyList<RateWindow>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback(() => time.Now += Window.Margin + TimeSpan.FromSeconds(1))
            .ReturnsAsync((string _, IReadOnlyList<RateWindow> _, DateTimeOffset asked, CancellationToken _) => asked);

        var result = await Activity(Window).RunAsync(Input);

        Assert.NotNull(result.WaitUntil);
        Assert.Null(result.Slot);
        sender.Verify(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()), Times.Never);
        ledger.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_claim_slow_enough_to_pass_the_margin_takes_a_new_slot_before_sending()
    {
        var afterClaim = Now + Window.Margin + TimeSpan.FromSeconds(1);
        limiter.Setup(l => l.ReserveAsync("inbox", It.IsAny<IReadOnlyList<RateWindow>>(), Now, It.IsAny<CancellationToken>())).ReturnsAsync(Now);
        ledger.Setup(l => l.ClaimAsync("r-1", It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .Callback(() => time.Now = afterClaim)
            .ReturnsAsync(new LedgerEntry("r-1", "send-online", Now, 1, null, null, null));
        limiter.Setup(l => l.ReserveAsync("inbox", It.IsAny<IReadOnlyList<RateWindow>>(), afterClaim, It.IsAny<CancellationToken>())).ReturnsAsync(afterClaim.AddSeconds(4));

        var result = await Activity(Window).RunAsync(Input);

        Assert.Equal(afterClaim.AddSeconds(4), result.WaitUntil);
        sender.Verify(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_batch_item_takes_the_bulk_lane_and_a_turn_is_a_wait_until_a_lookahead_before_it()
    {
        var item = Input with { Request = Input.Request with { RequestId = "batch:run-1:k1" } };
        var turn = Now.AddMinutes(3);
        limiter.Setup(l => l.ReserveBulkAsync("inbox", It.IsAny<IReadOnlyList<RateWindow>>(), Now, null, It.IsAny<CancellationToken>())).ReturnsAsync((turn, false));

        var result = await Activity(Window).RunAsync(item);

        Assert.Equal((turn - RateWindow.Lookahead([Window]), null, turn), (result.WaitUntil, result.Slot, result.Turn));
        limiter.Verify(l => l.ReserveAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<RateWindow>>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
        sender.Verify(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_returning_batch_item_passes_its_turn_and_sends_in_the_slot_it_reserves()
    {
        var item = Input with { Request = Input.Request with { RequestId = "batch:run-1:k1" }, Turn = Now.AddSeconds(5) };
        limiter.Setup(l => l.ReserveBulkAsync("inbox", It.IsAny<IReadOnlyList<RateWindow>>(), Now, Now.AddSeconds(5), It.IsAny<CancellationToken>())).ReturnsAsync((Now, true));
        ledger.Setup(l => l.ClaimAsync("batch:run-1:k1", It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LedgerEntry("batch:run-1:k1", "send-online", Now, 1, null, null, null));

        var result = await Activity(Window).RunAsync(item);

        Assert.Equal("m-1", result.ProviderMessageId);
    }

    [Fact]
    public async Task A_send_whose_ledger_row_a_cancel_wrote_first_sends_nothing()
    {
        ledger.Setup(l => l.ClaimAsync("r-1", It.IsAny<string>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new LedgerEntry("r-1", "send-online", Now, 0, null, null, null, Cancelled: true));

        var result = await Activity().RunAsync(Input);

        Assert.Equal(CommsStatus.Cancelled, result.Reached);
        sender.Verify(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_429_is_a_wait_of_its_retry_after_and_pauses_the_shared_limiter()
    {
        limiter.Setup(l => l.ReserveAsync("inbox", It.IsAny<IReadOnlyList<RateWindow>>(), Now, It.IsAny<CancellationToken>())).ReturnsAsync(Now);
        sender.Setup(s => s.SendAsync(It.IsAny<OutboundMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(new ProviderThrottledException("inbox answered 429", TimeSpan.FromSeconds(20)));

        var result = await Activity(Window).RunAsync(Input);

        Assert.Equal(Now.AddSeconds(20), result.WaitUntil);
        Assert.Null(result.Slot);
        limiter.Verify(l => l.PauseAsync("inbox", Now.AddSeconds(20), It.IsAny<CancellationToken>()));
        ledger.Verify(l => l.RecordAcceptedAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<SendReceipt>(), It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
