using Comms.Core.Domain;
using Comms.Core.Text;
using Comms.Infrastructure.Providers.OnlineInbox;

namespace Comms.Infrastructure.Tests.Channels;

public sealed class OnlineInboxSenderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Adds_one_notification_with_the_title_and_body()
    {
        var inbox = new InMemoryNotificationInbox();
        var sender = new OnlineInboxSender(inbox, new FixedTime(Now));

        var receipt = await sender.SendAsync(Message("req-1"));
        await sender.SendAsync(Message("req-1"));

        Assert.Equal(new SendReceipt("inbox", "req-1", CommsStatus.Delivered), receipt);
        var notification = Assert.Single(await inbox.ListAsync("ACC-1"));
        Assert.Equal(new OnlineNotification("req-1", "ACC-1", "req-1", "InvoiceReady", "Invoice INV-1 is ready", "Amount due: £42.50", Now, null), notification);
    }

    private static OutboundMessage Message(string requestId) => new(
        requestId,
        "ACC-1",
        "InvoiceReady",
        Channel.Online,
        new CommsTarget("Ada"),
        requestId + ":online",
        new Dictionary<string, string> { [ChannelParts.Title] = "Invoice INV-1 is ready", [ChannelParts.Body] = "Amount due: £42.50" });

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
