using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;

namespace Comms.Infrastructure.Providers.OnlineInbox;

/// <summary>The online channel: puts the message in the account's in-app inbox, which is delivery.</summary>
public sealed class OnlineInboxSender(INotificationInbox inbox, TimeProvider time) : IMessageSender
{
    public const string ProviderName = "inbox";

    public Channel Channel => Channel.Online;

    public async Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        // The id is the request id: the inbox stores a repeated send once.
        var notification = new OnlineNotification(
            message.RequestId,
            message.AccountId,
            message.RequestId,
            message.CommsType,
            message.Part(ChannelParts.Title),
            message.Part(ChannelParts.Body),
            time.GetUtcNow(),
            ReadAt: null);
        await inbox.AddAsync(notification, cancellationToken);
        return new SendReceipt(ProviderName, message.RequestId, CommsStatus.Delivered);
    }
}
