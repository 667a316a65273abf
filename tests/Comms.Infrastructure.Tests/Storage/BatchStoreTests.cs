using Comms.Core.Batches;
using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Tests.Storage;

/// <summary>
/// Batches on Azurite: items and their counts written together, so the counts equal a scan of the items under
/// concurrent updates, repeated groups and repeated reports; the cancel that the send ledger decides; business keys.
/// </summary>
public sealed class BatchStoreTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private IBatchStore Batches => fixture.Get<IBatchStore>();

    [Fact]
    public async Task Counts_equal_a_scan_of_the_items_under_concurrent_and_repeated_updates()
    {
        var batchId = await NewBatchAsync(items: 150, invalidEvery: 10);
        var statuses = new[] { CommsStatus.Processing, CommsStatus.Sent, CommsStatus.Delivered, CommsStatus.Failed, CommsStatus.Read };
        var random = new Random(7);

        // Every item gets a random walk of reports, each report delivered twice, all at once from 16 writers.
        var reports = Enumerable.Range(0, 150).Where(i => i % 10 != 0)
            .SelectMany(i => Enumerable.Range(0, 4).Select(_ => (Key: $"k{i}", Status: statuses[random.Next(statuses.Length)])))
            .SelectMany(r => new[] { r, r })
            .OrderBy(_ => random.Next())
            .ToList();
        await Parallel.ForEachAsync(reports, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (r, ct) =>
            await Batches.AdvanceItemAsync(batchId, r.Key, r.Status, CommsStatusRules.IsFinal(r.Status), T0, null, null, ct));

        var counts = await Batches.CountsAsync(batchId);
        var items = await AllItemsAsync(batchId);
        Assert.Equal(150, items.Count);
        Assert.Equal(15, counts.Invalid);
        Assert.Equal(items.Count(i => i.IsInvalid), counts.Invalid);
        foreach (var status in Enum.GetValues<CommsStatus>())
        {
            Assert.Equal(items.Count(i => i.Status == status), counts.ByStatus.GetValueOrDefault(status));
        }

        Assert.Equal(items.Count(i => !i.IsInvalid && i.Final), counts.Final);
    }

    [Fact]
    public async Task A_group_written_again_after_a_crash_is_counted_once()
    {
        var batchId = await NewBatchAsync(items: 5, invalidEvery: 0);
        await Batches.AddItemsAsync(batchId, 0, [Item(batchId, 1, "k1")]);

        Assert.Equal(5, (await Batches.CountsAsync(batchId)).ByStatus[CommsStatus.Received]);
        Assert.Equal(5, (await AllItemsAsync(batchId)).Count);
    }

    [Fact]
    public async Task A_sent_item_becomes_final_only_when_no_delivery_report_will_follow()
    {
        var batchId = await NewBatchAsync(items: 2, invalidEvery: 0);
        await Batches.AdvanceItemAsync(batchId, "k0", CommsStatus.Sent, final: false, T0, null, "m-0");
        await Batches.AdvanceItemAsync(batchId, "k1", CommsStatus.Sent, final: true, T0, null, "m-1");
        Assert.Equal(1, (await Batches.CountsAsync(batchId)).Final);

        await Batches.AdvanceItemAsync(batchId, "k0", CommsStatus.Delivered, final: true, T0, null, null);
        await Batches.AdvanceItemAsync(batchId, "k0", CommsStatus.Sent, final: true, T0, null, null);

        var counts = await Batches.CountsAsync(batchId);
        Assert.Equal((2, 1, 1), (counts.Final, counts.ByStatus[CommsStatus.Sent], counts.ByStatus[CommsStatus.Delivered]));
        Assert.Equal("m-0", (await Batches.GetItemAsync(batchId, "k0"))!.ProviderMessageId);
    }

    [Fact]
    public async Task Items_list_by_status_and_invalid_ones_by_line()
    {
        var batchId = await NewBatchAsync(items: 30, invalidEvery: 7);
        await Batches.AdvanceItemAsync(batchId, "k3", CommsStatus.Failed, true, T0, "Send: refused", null);

        var invalid = await Batches.ListItemsAsync(batchId, "invalid", 100, null);
        var failed = await Batches.ListItemsAsync(batchId, "failed", 100, null);

        Assert.Equal([1, 8, 15, 22, 29], invalid.Items.Select(i => i.Line));
        Assert.Equal("Send: refused", Assert.Single(failed.Items).Reason);
    }

    [Fact]
    public async Task A_cancel_and_a_send_claim_race_for_the_ledger_row_and_exactly_one_wins()
    {
        var ledger = fixture.Get<ISendLedger>();
        var first = StorageFixture.NewId("r");
        Assert.True(await ledger.CancelAsync(first, "send-email", T0));
        Assert.True(await ledger.CancelAsync(first, "send-email", T0));
        Assert.True((await ledger.ClaimAsync(first, "send-email", T0)).Cancelled);

        var second = StorageFixture.NewId("r");
        Assert.False((await ledger.ClaimAsync(second, "send-email", T0)).Cancelled);
        Assert.False(await ledger.CancelAsync(second, "send-email", T0));

        var raced = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var id = $"race-{i}-{Guid.NewGuid():N}";
            var claim = Task.Run(() => ledger.ClaimAsync(id, "send-email", T0));
            var cancel = Task.Run(() => ledger.CancelAsync(id, "send-email", T0));
            return (Sent: !(await claim).Cancelled, Cancelled: await cancel);
        }));
        Assert.All(raced, r => Assert.True(r.Sent != r.Cancelled));
    }

    [Fact]
    public async Task A_business_key_holds_its_first_request_and_content()
    {
        var keys = fixture.Get<IBusinessKeys>();
        var key = StorageFixture.NewId("invoice:INV");

        Assert.Equal(("r-1", "h1"), await keys.ClaimAsync(key, "r-1", "h1"));
        Assert.Equal(("r-1", "h1"), await keys.ClaimAsync(key, "r-2", "h2"));
    }

    private async Task<string> NewBatchAsync(int items, int invalidEvery)
    {
        var batchId = StorageFixture.NewId("b")[..30].Replace(':', '-');
        await Batches.CreateAsync(new BatchHeader(batchId, "f", BatchSource.Inline, null, "{}", T0));
        var all = Enumerable.Range(0, items)
            .Select(i => invalidEvery > 0 && i % invalidEvery == 0
                ? new BatchItem(batchId, i + 1, null, null, null, null, true, "bad", T0)
                : Item(batchId, i + 1, $"k{i}"))
            .ToList();
        for (var group = 0; group * IBatchStore.MaxGroup < all.Count; group++)
        {
            await Batches.AddItemsAsync(batchId, group, all.Skip(group * IBatchStore.MaxGroup).Take(IBatchStore.MaxGroup).ToList());
        }

        return batchId;
    }

    private static BatchItem Item(string batchId, int line, string key) =>
        new(batchId, line, key, RequestIds.BatchItem(batchId, key), Channel.Email, CommsStatus.Received, false, null, T0);

    private async Task<List<BatchItem>> AllItemsAsync(string batchId)
    {
        var all = new List<BatchItem>();
        string? token = null;
        do
        {
            var page = await Batches.ListItemsAsync(batchId, null, 40, token);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return all;
    }
}
