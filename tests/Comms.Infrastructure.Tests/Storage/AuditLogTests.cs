using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Infrastructure.Storage;

namespace Comms.Infrastructure.Tests.Storage;

/// <summary><c>CommsAudit</c> on Azurite: one partition per scope, newest first, paged, nothing overwritten.</summary>
public sealed class AuditLogTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private IAuditLog Log => fixture.Get<IAuditLog>();

    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_accounts_entries_list_newest_first_in_pages_with_who_did_what()
    {
        var account = StorageFixture.NewId("ACC");
        var entries = Enumerable.Range(0, 5)
            .Select(i => new AuditEntry(T0.AddMinutes(i), i % 2 == 0 ? AuditActions.DocumentView : AuditActions.Cancel, "desk", "agent", AuditScope.Account(account), $"req-{i}", i == 0 ? "email.html" : null))
            .ToList();
        foreach (var i in new[] { 3, 0, 4, 1, 2 })
        {
            await Log.AppendAsync(entries[i]);
        }

        await Log.AppendAsync(new AuditEntry(T0, AuditActions.DocumentView, "desk", "agent", AuditScope.Account(account + "-other"), "req-x"));

        var seen = new List<AuditEntry>();
        string? token = null;
        do
        {
            var page = await Log.ListAsync(AuditScope.Account(account), 2, token);
            Assert.InRange(page.Items.Count, 0, 2);
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(i => entries[i]), seen);
        Assert.Equal(account, seen[0].AccountId);
    }

    [Fact]
    public async Task Two_entries_at_one_instant_are_both_kept_and_scopes_never_mix()
    {
        var id = StorageFixture.NewId("X");
        var publish = new AuditEntry(T0, AuditActions.TemplatePublish, "ops", "admin", AuditScope.Templates(id), "v1");
        await Log.AppendAsync(publish);
        await Log.AppendAsync(publish with { Target = "v2" });

        // An account whose id reads like another scope's partition is still its own.
        await Log.AppendAsync(new AuditEntry(T0, AuditActions.Cancel, "ops", "admin", AuditScope.Account("templates:" + id), "req"));

        var page = await Log.ListAsync(AuditScope.Templates(id), 10, null);
        Assert.Equal(["v1", "v2"], page.Items.Select(e => e.Target).Order(StringComparer.Ordinal));
        Assert.All(page.Items, e => Assert.Null(e.AccountId));
        Assert.Single((await Log.ListAsync(AuditScope.Account("templates:" + id), 10, null)).Items);
        Assert.Empty((await Log.ListAsync(AuditScope.Batch(id), 10, null)).Items);
    }

    [Fact]
    public void The_table_is_created_with_the_others()
    {
        Assert.Contains(StorageNames.AuditTable, StorageNames.Tables);
        Assert.IsType<TableAuditLog>(Log);
    }
}
