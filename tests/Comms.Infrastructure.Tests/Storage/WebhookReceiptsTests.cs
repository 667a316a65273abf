using Comms.Core.Ports;

namespace Comms.Infrastructure.Tests.Storage;

public sealed class WebhookReceiptsTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private IWebhookReceipts Receipts => fixture.Get<IWebhookReceipts>();

    [Fact]
    public async Task A_webhook_id_is_recorded_once_per_sender_and_can_be_forgotten_for_a_retry()
    {
        var id = StorageFixture.NewId("msg_") + "/#?";

        Assert.True(await Receipts.TryRecordAsync("printhouse", id, "r-1", T0));
        Assert.False(await Receipts.TryRecordAsync("printhouse", id, "r-2", T0.AddMinutes(1)));
        Assert.True(await Receipts.TryRecordAsync("crm", id, "r-1", T0));

        await Receipts.ForgetAsync("printhouse", id);

        Assert.True(await Receipts.TryRecordAsync("printhouse", id, "r-1", T0.AddMinutes(2)));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_webhook_id_are_recorded_exactly_once()
    {
        var id = StorageFixture.NewId("msg_");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Receipts.TryRecordAsync("printhouse", id, "r-1", T0)));

        Assert.Single(results, r => r);
    }
}
