using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>A channel's provider: SMTP, ACS, Notification Hubs, a webhook, the in-app inbox, or Sandbox.</summary>
public interface IMessageSender
{
    Channel Channel { get; }

    /// <summary>Sends the message. Throws <see cref="PermanentSendException"/> when retrying cannot help.</summary>
    Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default);
}
