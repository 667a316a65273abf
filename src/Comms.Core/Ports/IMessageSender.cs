using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>A channel's provider: SMTP, ACS, Notification Hubs, a webhook, the in-app inbox, or Sandbox.</summary>
public interface IMessageSender
{
    Channel Channel { get; }

    /// <summary>
    /// Who sends, as the provider counts it for its rate limits: the e-mail domain, the SMS number, the hub, the
    /// external system the target names. Sends with the same key share one rate limiter across every instance of the app.
    /// </summary>
    string SenderKey(CommsTarget target) => Channel.WireName();

    /// <summary>
    /// True when the provider reports delivery after it accepted a message (ACS delivery reports, a partner's status
    /// webhook); false when <c>sent</c> is all that will ever be known (SMTP, Notification Hubs, the print house).
    /// </summary>
    bool ReportsDelivery => false;

    /// <summary>Sends the message. Throws <see cref="PermanentSendException"/> when retrying cannot help.</summary>
    Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default);
}
