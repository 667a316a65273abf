using Azure.Data.Tables;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Infrastructure.Storage;

namespace Comms.Infrastructure.Tests.Storage;

public sealed class RequestStoreTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 30, 15, 123, TimeSpan.Zero);

    private IRequestStore Store => fixture.Get<IRequestStore>();

    private static RequestHeader Header(string requestId, string accountId, DateTimeOffset createdAt, string fingerprint = "fp-1") => new(
        requestId, accountId, "paymentReminder", Channel.Email, CommsSource.Api, CommsStatus.Received, createdAt, createdAt, null, fingerprint,
        OrchestrationStarted: false,
        new CommsTarget("Ann", "ann@example.com", null, new PostalAddress(["1 High St", "Flat 2"], "Leeds", "LS1 1AA", "GB")),
        []);

    [Fact]
    public async Task Create_inserts_once_and_returns_the_existing_header_after()
    {
        var (requestId, accountId) = (StorageFixture.NewId("req"), StorageFixture.NewId("acct"));

        var first = await Store.CreateAsync(Header(requestId, accountId, T0));
        var second = await Store.CreateAsync(Header(requestId, accountId, T0.AddMinutes(5), fingerprint: "fp-2"));

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal("fp-1", second.Header.Fingerprint);
        Assert.Equal(T0, second.Header.CreatedAt);

        var stored = await Store.GetAsync(requestId);
        Assert.NotNull(stored);
        Assert.Equal(accountId, stored.AccountId);
        Assert.Equal(Channel.Email, stored.Channel);
        Assert.Equal(CommsSource.Api, stored.Source);
        Assert.Equal(CommsStatus.Received, stored.Status);
        Assert.Equal("fp-1", stored.Fingerprint);
        Assert.Equal("ann@example.com", stored.Target?.Email);
        Assert.Equal(["1 High St", "Flat 2"], stored.Target?.PostalAddress?.Lines);
        Assert.Empty(stored.Documents);

        var indexRows = await fixture.Table(StorageNames.ByAccountTable)
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {accountId}")).ToListAsync();
        var row = Assert.Single(indexRows);
        Assert.Equal(requestId, row.GetString("RequestId"));

        // Enums are stored by name.
        var raw = (await fixture.Table(StorageNames.RequestsTable).GetEntityAsync<TableEntity>(requestId, "header")).Value;
        Assert.Equal("Received", raw.GetString("Status"));
        Assert.Equal("Email", raw.GetString("Channel"));
    }

    [Theory]
    [InlineData(WaitReason.Retry, null)]
    [InlineData(WaitReason.RateLimit, null)]
    [InlineData(WaitReason.QuietHours, null)]
    [InlineData(WaitReason.Archive, WaitReason.Archive)]
    public async Task A_request_that_becomes_sent_waits_for_nothing_before_the_send_but_keeps_the_archives_wait(WaitReason before, WaitReason? after)
    {
        var (requestId, accountId) = (StorageFixture.NewId("req"), StorageFixture.NewId("acct"));
        await Store.CreateAsync(Header(requestId, accountId, T0));
        await Store.AdvanceStatusAsync(requestId, CommsStatus.Processing, T0.AddMinutes(1), null);
        await Store.SetWaitAsync(new RequestWait(requestId, before, T0.AddMinutes(3), "Send: Connection refused", 2));

        Assert.True((await Store.AdvanceStatusAsync(requestId, CommsStatus.Sent, T0.AddMinutes(4), null)).Changed);

        var stored = await Store.GetAsync(requestId);
        Assert.Equal((CommsStatus.Sent, after, after is null ? null : T0.AddMinutes(3)), (stored!.Status, stored.WaitingFor, stored.WaitUntil));
        Assert.Equal("Send: Connection refused", stored.LastError);
    }

    [Fact]
    public async Task Get_of_an_unknown_request_is_null() =>
        Assert.Null(await Store.GetAsync(StorageFixture.NewId("req")));

    [Fact]
    public async Task Ids_with_characters_tables_forbid_still_work()
    {
        var (requestId, accountId) = ("req/1#?\\" + Guid.NewGuid(), "acct/ü#" + Guid.NewGuid());

        Assert.True((await Store.CreateAsync(Header(requestId, accountId, T0))).Created);
        Assert.False((await Store.CreateAsync(Header(requestId, accountId, T0))).Created);
        Assert.True((await Store.AdvanceStatusAsync(requestId, CommsStatus.Sent, T0.AddSeconds(1), null)).Changed);

        Assert.Equal(CommsStatus.Sent, (await Store.GetAsync(requestId))?.Status);
        var page = await Store.ListByAccountAsync(accountId, 10, null);
        Assert.Equal(requestId, Assert.Single(page.Items).RequestId);
    }

    [Fact]
    public async Task Status_only_moves_forward()
    {
        var requestId = StorageFixture.NewId("req");
        await Store.CreateAsync(Header(requestId, StorageFixture.NewId("acct"), T0));

        Assert.True((await Store.AdvanceStatusAsync(requestId, CommsStatus.Processing, T0.AddSeconds(1), null)).Changed);
        Assert.False((await Store.AdvanceStatusAsync(requestId, CommsStatus.Scheduled, T0.AddSeconds(2), null)).Changed);
        Assert.False((await Store.AdvanceStatusAsync(requestId, CommsStatus.Processing, T0.AddSeconds(3), null)).Changed);

        var afterLower = await Store.GetAsync(requestId);
        Assert.Equal(CommsStatus.Processing, afterLower?.Status);
        Assert.Equal(T0.AddSeconds(1), afterLower?.UpdatedAt);

        Assert.True((await Store.AdvanceStatusAsync(requestId, CommsStatus.Failed, T0.AddSeconds(4), "mailbox full")).Changed);
        Assert.False((await Store.AdvanceStatusAsync(requestId, CommsStatus.Undeliverable, T0.AddSeconds(5), "same rank")).Changed);

        var failed = await Store.GetAsync(requestId);
        Assert.Equal(CommsStatus.Failed, failed?.Status);
        Assert.Equal("mailbox full", failed?.FailureReason);
        Assert.Equal(T0.AddSeconds(4), failed?.UpdatedAt);
        Assert.Equal(T0, failed?.CreatedAt);
    }

    [Fact]
    public async Task Advance_of_an_unknown_request_changes_nothing() =>
        Assert.Equal(new StatusAdvance(false, null), await Store.AdvanceStatusAsync(StorageFixture.NewId("req"), CommsStatus.Sent, T0, null));

    [Fact]
    public async Task Advance_returns_the_header_as_it_left_it_so_its_caller_reads_it_no_more()
    {
        var (requestId, accountId) = (StorageFixture.NewId("req"), StorageFixture.NewId("acct"));
        await Store.CreateAsync(Header(requestId, accountId, T0));

        var moved = await Store.AdvanceStatusAsync(requestId, CommsStatus.Failed, T0.AddSeconds(1), "mailbox full");
        var kept = await Store.AdvanceStatusAsync(requestId, CommsStatus.Processing, T0.AddSeconds(2), null);

        Assert.True(moved.Changed);
        Assert.Equal((requestId, accountId, Channel.Email, T0, CommsStatus.Failed, T0.AddSeconds(1), "mailbox full"), (moved.Header!.RequestId, moved.Header.AccountId, moved.Header.Channel, moved.Header.CreatedAt, moved.Header.Status, moved.Header.UpdatedAt, moved.Header.FailureReason));
        Assert.False(kept.Changed);
        Assert.Equal(Comms.Core.Text.CommsJson.Serialize(await Store.GetAsync(requestId)), Comms.Core.Text.CommsJson.Serialize(kept.Header));
    }

    [Fact]
    public async Task Concurrent_advances_end_on_the_highest_rank()
    {
        var requestId = StorageFixture.NewId("req");
        await Store.CreateAsync(Header(requestId, StorageFixture.NewId("acct"), T0));
        var random = new Random(20250301);
        var all = Enum.GetValues<CommsStatus>();
        var statuses = Enumerable.Range(0, 20).Select(_ => all[random.Next(all.Length)]).ToList();

        // Task.Run so the 20 read-check-write loops really overlap and hit ETag conflicts.
        var results = await Task.WhenAll(statuses.Select((s, i) =>
            Task.Run(() => Store.AdvanceStatusAsync(requestId, s, T0.AddSeconds(i + 1), s.ToString()))));

        var final = await Store.GetAsync(requestId);
        Assert.NotNull(final);
        var highest = statuses.Max(CommsStatusRules.Rank);
        Assert.Equal(highest, CommsStatusRules.Rank(final.Status));
        Assert.Contains(final.Status, statuses);
        Assert.Equal(final.Status.ToString(), final.FailureReason);
        Assert.Contains(results, r => r.Changed);
        Assert.True(results.Count(r => r.Changed) <= statuses.Select(CommsStatusRules.Rank).Distinct().Count(), "each change raises the rank");
    }

    [Fact]
    public async Task Advance_with_documents_records_them_in_the_same_write_and_still_when_the_status_stays()
    {
        var (moving, staying) = (StorageFixture.NewId("req"), StorageFixture.NewId("req"));
        var documents = new[] { new DocumentRef("email.html", "text/html", 10, new string('b', 64)) };
        await Store.CreateAsync(Header(moving, StorageFixture.NewId("acct"), T0));
        await Store.CreateAsync(Header(staying, StorageFixture.NewId("acct"), T0));
        await Store.SetWaitAsync(new RequestWait(moving, WaitReason.Archive, T0.AddMinutes(1), "Store: archive unreachable", 1));
        await Store.AdvanceStatusAsync(staying, CommsStatus.Delivered, T0.AddSeconds(1), null);

        var moved = await Store.AdvanceStatusAsync(moving, CommsStatus.Sent, T0.AddSeconds(2), null, documents);
        var stayed = await Store.AdvanceStatusAsync(staying, CommsStatus.Sent, T0.AddSeconds(2), null, documents);

        Assert.Equal((true, false), (moved.Changed, stayed.Changed));
        var (afterMove, afterStay) = ((await Store.GetAsync(moving))!, (await Store.GetAsync(staying))!);
        Assert.Equal((CommsStatus.Sent, documents[0], (WaitReason?)null), (afterMove.Status, Assert.Single(afterMove.Documents), afterMove.WaitingFor));
        Assert.Equal((CommsStatus.Delivered, documents[0]), (afterStay.Status, Assert.Single(afterStay.Documents)));
        Assert.Equal(Comms.Core.Text.CommsJson.Serialize(afterMove), Comms.Core.Text.CommsJson.Serialize(moved.Header));
    }

    [Fact]
    public async Task SetDocuments_keeps_the_status()
    {
        var requestId = StorageFixture.NewId("req");
        await Store.CreateAsync(Header(requestId, StorageFixture.NewId("acct"), T0));
        await Store.AdvanceStatusAsync(requestId, CommsStatus.Sent, T0.AddSeconds(1), null);

        await Store.SetDocumentsAsync(requestId, [new DocumentRef("letter.pdf", "application/pdf", 1234, new string('a', 64))]);

        var stored = await Store.GetAsync(requestId);
        Assert.NotNull(stored);
        Assert.Equal(CommsStatus.Sent, stored.Status);
        Assert.Equal(new DocumentRef("letter.pdf", "application/pdf", 1234, new string('a', 64)), Assert.Single(stored.Documents));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.SetDocumentsAsync(StorageFixture.NewId("req"), []));
    }

    [Fact]
    public async Task List_by_account_is_newest_first_and_pages_with_the_continuation_token()
    {
        var accountId = StorageFixture.NewId("acct");
        var ids = Enumerable.Range(0, 5).Select(i => StorageFixture.NewId($"req{i}")).ToList();
        // Created out of order, so the order comes from the keys and not from insertion.
        foreach (var i in new[] { 2, 0, 4, 1, 3 })
        {
            await Store.CreateAsync(Header(ids[i], accountId, T0.AddMinutes(i)));
        }

        await Store.CreateAsync(Header(StorageFixture.NewId("other"), StorageFixture.NewId("acct"), T0.AddMinutes(10)));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListByAccountAsync(accountId, 2, token);
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items.Select(h => h.RequestId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(i => ids[i]), seen);
        Assert.InRange(pages, 3, 4); // the service may hand out a token for an empty last page

        var clamped = await Store.ListByAccountAsync(accountId, 0, null);
        Assert.Single(clamped.Items);
        var all = await Store.ListByAccountAsync(accountId, 1000, null);
        Assert.Equal(5, all.Items.Count);
        Assert.Null(all.ContinuationToken);
    }

    [Fact]
    public async Task List_skips_index_rows_without_a_header()
    {
        var accountId = StorageFixture.NewId("acct");
        var requestId = StorageFixture.NewId("req");
        await Store.CreateAsync(Header(requestId, accountId, T0));
        // An index row whose header is gone (or not yet written).
        await fixture.Table(StorageNames.ByAccountTable).AddEntityAsync(
            new TableEntity(accountId, "0000000000000000000_ghost") { ["RequestId"] = StorageFixture.NewId("ghost") });

        var page = await Store.ListByAccountAsync(accountId, 10, null);

        Assert.Equal(requestId, Assert.Single(page.Items).RequestId);
    }

    [Fact]
    public async Task A_wait_shows_on_the_header_and_clearing_it_keeps_the_last_error()
    {
        var requestId = StorageFixture.NewId("req");
        await Store.CreateAsync(Header(requestId, StorageFixture.NewId("acct"), T0));

        await Store.SetWaitAsync(new RequestWait(requestId, WaitReason.Retry, T0.AddMinutes(2), "Send: Connection refused", 3));
        var waiting = await Store.GetAsync(requestId);
        await Store.SetWaitAsync(new RequestWait(requestId, null, null, null, Cleared: WaitReason.Retry));
        var cleared = await Store.GetAsync(requestId);

        Assert.Equal((WaitReason.Retry, T0.AddMinutes(2), "Send: Connection refused"), (waiting!.WaitingFor!.Value, waiting.WaitUntil!.Value, waiting.LastError));
        Assert.Null(cleared!.WaitingFor);
        Assert.Null(cleared.WaitUntil);
        Assert.Equal("Send: Connection refused", cleared.LastError);
    }

    [Fact]
    public async Task A_request_is_linked_to_one_resend_only()
    {
        var requestId = StorageFixture.NewId("req");
        await Store.CreateAsync(Header(requestId, StorageFixture.NewId("acct"), T0));

        var first = await Store.LinkResendAsync(requestId, requestId + ":resend");
        var second = await Store.LinkResendAsync(requestId, "another");

        Assert.Equal(requestId + ":resend", first);
        Assert.Equal(first, second);
        Assert.Equal(first, (await Store.GetAsync(requestId))!.ResentAs);
    }

    [Fact]
    public async Task Failed_requests_are_listed_by_the_time_they_failed()
    {
        // A range of its own in the shared Failed partition.
        var start = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(Random.Shared.Next(0, 500_000));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = StorageFixture.NewId("failed");
            ids.Add(id);
            await Store.CreateAsync(Header(id, StorageFixture.NewId("acct"), start));
            await Store.AdvanceStatusAsync(id, CommsStatus.Failed, start.AddSeconds(i * 10), "Send: refused");
        }

        var notFailed = StorageFixture.NewId("sent");
        await Store.CreateAsync(Header(notFailed, StorageFixture.NewId("acct"), start));
        await Store.AdvanceStatusAsync(notFailed, CommsStatus.Sent, start.AddSeconds(5), null);

        var all = await Store.ListByStatusAsync(CommsStatus.Failed, start, start.AddMinutes(1), 10, null);
        var firstTwo = await Store.ListByStatusAsync(CommsStatus.Failed, start, start.AddSeconds(20), 10, null);
        var paged = await Store.ListByStatusAsync(CommsStatus.Failed, start, start.AddMinutes(1), 2, null);

        Assert.Equal(ids, all.Items.Select(h => h.RequestId));
        Assert.Equal(ids.Take(2), firstTwo.Items.Select(h => h.RequestId));
        Assert.Equal(2, paged.Items.Count);
        Assert.NotNull(paged.ContinuationToken);
        Assert.Empty((await Store.ListByStatusAsync(CommsStatus.Undeliverable, start, start.AddMinutes(1), 10, null)).Items);
    }

    [Fact]
    public async Task A_retried_failure_whose_index_row_was_lost_writes_it_again_under_the_same_key()
    {
        var id = StorageFixture.NewId("failed");
        var at = new DateTimeOffset(2032, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(Random.Shared.Next(0, 500_000));
        await Store.CreateAsync(Header(id, StorageFixture.NewId("acct"), at));
        await Store.AdvanceStatusAsync(id, CommsStatus.Failed, at, "Send: refused");
        var index = fixture.Table(StorageNames.ByStatusTable);
        var row = Assert.Single((await Store.ListByStatusAsync(CommsStatus.Failed, at, at.AddSeconds(1), 10, null)).Items);
        await foreach (var entity in index.QueryAsync<TableEntity>(e => e.PartitionKey == "Failed" && e.RowKey.CompareTo(at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff", System.Globalization.CultureInfo.InvariantCulture)) >= 0))
        {
            await index.DeleteEntityAsync(entity.PartitionKey, entity.RowKey);
        }

        Assert.Empty((await Store.ListByStatusAsync(CommsStatus.Failed, at, at.AddSeconds(1), 10, null)).Items);
        var changed = await Store.AdvanceStatusAsync(id, CommsStatus.Failed, at, "Send: refused");

        Assert.False(changed.Changed);
        Assert.Equal(row.RequestId, Assert.Single((await Store.ListByStatusAsync(CommsStatus.Failed, at, at.AddSeconds(1), 10, null)).Items).RequestId);
    }
}
