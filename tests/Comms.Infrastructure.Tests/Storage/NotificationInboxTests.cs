using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Tests.Storage;

public sealed class NotificationInboxTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private INotificationInbox Inbox => fixture.Get<INotificationInbox>();

    private static OnlineNotification Notification(string accountId, string id, DateTimeOffset createdAt, string title = "Bill ready") =>
        new(id, accountId, id, "billReady", title, "Your bill is ready.", createdAt, null);

    [Fact]
    public async Task Adding_twice_stores_once_and_the_list_is_newest_first()
    {
        var accountId = StorageFixture.NewId("acct");
        var older = Notification(accountId, StorageFixture.NewId("req"), T0);
        var newer = Notification(accountId, StorageFixture.NewId("req"), T0.AddHours(1));

        await Inbox.AddAsync(older);
        await Inbox.AddAsync(newer);
        await Inbox.AddAsync(older with { Title = "Sent again" });

        Assert.Equal([newer, older], await Inbox.ListAsync(accountId));
        Assert.Empty(await Inbox.ListAsync(StorageFixture.NewId("acct")));
    }

    [Fact]
    public async Task Mark_read_keeps_the_first_read_time()
    {
        var accountId = StorageFixture.NewId("acct");
        var n = Notification(accountId, StorageFixture.NewId("req"), T0);
        await Inbox.AddAsync(n);

        var first = await Inbox.MarkReadAsync(accountId, n.Id, T0.AddMinutes(5));
        var second = await Inbox.MarkReadAsync(accountId, n.Id, T0.AddMinutes(9));
        await Inbox.AddAsync(n); // a repeated send does not make it unread

        Assert.Equal(n with { ReadAt = T0.AddMinutes(5) }, first);
        Assert.Equal(first, second);
        Assert.Equal(T0.AddMinutes(5), Assert.Single(await Inbox.ListAsync(accountId)).ReadAt);
        Assert.Null(await Inbox.MarkReadAsync(accountId, StorageFixture.NewId("req"), T0));
        Assert.Null(await Inbox.MarkReadAsync(StorageFixture.NewId("acct"), n.Id, T0));
    }
}
