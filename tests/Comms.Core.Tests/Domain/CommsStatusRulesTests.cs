using Comms.Core.Domain;

namespace Comms.Core.Tests.Domain;

public class CommsStatusRulesTests
{
    [Fact]
    public void The_lifecycle_ranks_in_contract_order()
    {
        CommsStatus[] lifecycle = [CommsStatus.Received, CommsStatus.Scheduled, CommsStatus.Processing, CommsStatus.Sent, CommsStatus.Delivered, CommsStatus.Read];

        Assert.Equal(lifecycle, lifecycle.OrderBy(CommsStatusRules.Rank));
        Assert.All(lifecycle.Zip(lifecycle.Skip(1)), pair => Assert.True(CommsStatusRules.Advances(pair.First, pair.Second)));
    }

    [Theory]
    [InlineData(CommsStatus.Sent, CommsStatus.Failed, true)]
    [InlineData(CommsStatus.Processing, CommsStatus.Failed, true)]
    [InlineData(CommsStatus.Delivered, CommsStatus.Failed, false)]
    [InlineData(CommsStatus.Delivered, CommsStatus.Sent, false)]
    [InlineData(CommsStatus.Sent, CommsStatus.Undeliverable, true)]
    [InlineData(CommsStatus.Read, CommsStatus.Delivered, false)]
    [InlineData(CommsStatus.Sent, CommsStatus.Sent, false)]
    public void Only_a_higher_rank_advances(CommsStatus current, CommsStatus next, bool advances) =>
        Assert.Equal(advances, CommsStatusRules.Advances(current, next));

    [Theory]
    [InlineData("sent", CommsStatus.Sent)]
    [InlineData("delivered", CommsStatus.Delivered)]
    [InlineData("read", CommsStatus.Read)]
    [InlineData("failed", CommsStatus.Failed)]
    [InlineData("undeliverable", CommsStatus.Undeliverable)]
    public void Outside_systems_may_report_the_delivery_statuses_by_their_wire_names(string name, CommsStatus status)
    {
        Assert.True(CommsStatusRules.TryParseExternal(name, out var parsed));
        Assert.Equal(status, parsed);
    }

    [Theory]
    [InlineData("received")]
    [InlineData("processing")]
    [InlineData("cancelled")]
    [InlineData("rejected")]
    [InlineData("Delivered")]
    [InlineData("delivered ")]
    [InlineData("")]
    [InlineData(null)]
    public void The_pipeline_own_stages_and_decisions_are_not_reportable_from_outside(string? name) =>
        Assert.False(CommsStatusRules.TryParseExternal(name, out _));

    [Fact]
    public void Delivered_read_failed_and_undeliverable_settle_a_delivery()
    {
        var settling = Enum.GetValues<CommsStatus>().Where(CommsStatusRules.SettlesDelivery);

        Assert.Equal([CommsStatus.Delivered, CommsStatus.Read, CommsStatus.Failed, CommsStatus.Undeliverable], settling);
    }

    [Fact]
    public void Masks_email_and_phone_for_agents()
    {
        var masked = new CommsTarget("Ada", "ada.lovelace@example.com", "+447700900123").Masked();

        Assert.Equal("a***@example.com", masked.Email);
        Assert.Equal("*********0123", masked.Phone);
        Assert.Equal("Ada", masked.Name);
    }
}
