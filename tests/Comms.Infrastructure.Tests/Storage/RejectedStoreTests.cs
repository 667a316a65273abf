using System.Text;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Infrastructure.Storage;

namespace Comms.Infrastructure.Tests.Storage;

public sealed class RejectedStoreTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private IRejectedStore Store => fixture.Get<IRejectedStore>();

    [Fact]
    public async Task The_list_is_newest_first_and_pages()
    {
        // The store has one partition for everything; times far ahead put this test's rows first.
        var t0 = new DateTimeOffset(2400, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var messages = Enumerable.Range(0, 5)
            .Select(i => new RejectedMessage(StorageFixture.NewId("rej"), "workflow-events", t0.AddSeconds(i), $"bad json {i}", "{" + i))
            .ToList();
        foreach (var i in new[] { 3, 1, 4, 0, 2 })
        {
            await Store.AddAsync(messages[i]);
        }

        var seen = new List<RejectedMessage>();
        string? token = null;
        while (seen.Count < 5)
        {
            var page = await Store.ListAsync(2, token);
            Assert.InRange(page.Items.Count, 0, 2);
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
            Assert.NotNull(token);
        }

        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(i => messages[i]), seen.Take(5));
    }

    [Fact]
    public async Task Many_are_kept_in_batch_transactions_and_a_repeat_within_them_once()
    {
        // Far ahead, a year of its own (after the other tests' rows, which stay first).
        var t0 = new DateTimeOffset(2300, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var messages = Enumerable.Range(0, 250)
            .Select(i => new RejectedMessage($"evt-{i}", "acs-events", t0.AddMilliseconds(-i), $"no request {i}", "{\"id\":" + i + "}"))
            .Append(new RejectedMessage("evt-7", "acs-events", t0.AddMilliseconds(-7), "no request 7 again", "{}"))
            .ToList();

        await Store.AddManyAsync(messages);

        var ours = new List<RejectedMessage>();
        string? token = null;
        for (var pages = 0; pages < 20 && (pages == 0 || token is not null); pages++)
        {
            var page = await Store.ListAsync(100, token);
            ours.AddRange(page.Items.Where(m => m.Source == "acs-events" && m.Id.StartsWith("evt-", StringComparison.Ordinal)));
            token = page.ContinuationToken;
        }

        Assert.Equal(250, ours.Count);
        Assert.Equal("no request 7 again", ours.Single(m => m.Id == "evt-7").Reason);
    }

    [Fact]
    public async Task Long_raw_text_is_kept_whole_up_to_the_entity_limit()
    {
        var at = new DateTimeOffset(2300, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // A surrogate pair across the first chunk boundary must not be split.
        var raw = new string('x', TableRejectedStore.ChunkChars - 1) + "😀" + string.Concat(Enumerable.Range(0, 10_000).Select(i => $"{i:D9},"));
        var whole = new RejectedMessage(StorageFixture.NewId("rej"), "workflow-events", at, "too large", raw);
        var huge = new RejectedMessage(StorageFixture.NewId("rej"), "workflow-events", at.AddSeconds(-1), "way too large", new string('y', TableRejectedStore.MaxRawChars + 5_000));

        await Store.AddAsync(whole);
        await Store.AddAsync(huge);

        Assert.True(raw.Length > 64 * 1024);
        Assert.Equal(whole, await FindAsync(whole.Id));
        var truncated = await FindAsync(huge.Id);
        Assert.Equal(TableRejectedStore.MaxRawChars, truncated?.RawText.Length);
        Assert.StartsWith(truncated?.RawText ?? "-", huge.RawText, StringComparison.Ordinal);
        var row = await fixture.Table(StorageNames.RejectedTable)
            .QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "rejected" && e.GetString("Id") == huge.Id).SingleAsync();
        Assert.True(row.GetBoolean("RawTextTruncated"));
        Assert.Equal(huge.RawText.Length, row.GetInt32("RawTextLength"));
        Assert.Equal(Encoding.UTF8.GetByteCount(raw), Encoding.UTF8.GetByteCount((await FindAsync(whole.Id))!.RawText));
    }

    private async Task<RejectedMessage?> FindAsync(string id)
    {
        string? token = null;
        do
        {
            var page = await Store.ListAsync(100, token);
            if (page.Items.FirstOrDefault(m => m.Id == id) is { } found)
            {
                return found;
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        return null;
    }
}
