using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>
/// A provider that can say whether an earlier attempt of a message was accepted (ACS e-mail, by its stable
/// Operation-Id). The Send activity asks it when the ledger holds a claim without an outcome (the process died
/// between the provider's acceptance and the ledger's record), before it sends again.
/// </summary>
public interface IPreviousSendLookup
{
    /// <summary>The receipt of the earlier attempt, or null when the provider knows of none (then it is sent again).</summary>
    /// <exception cref="PermanentSendException">The earlier attempt ended in a permanent failure.</exception>
    Task<SendReceipt?> FindPreviousSendAsync(OutboundMessage message, CancellationToken cancellationToken = default);
}
