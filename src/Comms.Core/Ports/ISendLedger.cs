using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>
/// The <c>CommsSendLedger</c> and <c>CommsProviderMessages</c> tables: one send per request and purpose,
/// however often the Send activity runs.
/// </summary>
public interface ISendLedger
{
    /// <summary>
    /// Claims (request, purpose) with a conditional insert. When a row is already there, returns it with its
    /// attempt count raised; check <see cref="LedgerEntry.Accepted"/> before calling a provider.
    /// </summary>
    Task<LedgerEntry> ClaimAsync(string requestId, string purpose, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels the send of (request, purpose) unless a send has claimed it: the row is written as cancelled, so the
    /// send that comes later finds it and sends nothing. True when the send is (or was already) cancelled; false when
    /// a send claimed it first, so it may have gone.
    /// </summary>
    Task<bool> CancelAsync(string requestId, string purpose, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records the provider's acceptance, and maps the provider message id back to the request.</summary>
    Task RecordAcceptedAsync(string requestId, string purpose, SendReceipt receipt, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The request id a provider message id belongs to, for delivery reports.</summary>
    Task<string?> FindRequestIdAsync(string provider, string providerMessageId, CancellationToken cancellationToken = default);
}
