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

    /// <summary>Records the provider's acceptance, and maps the provider message id back to the request.</summary>
    Task RecordAcceptedAsync(string requestId, string purpose, SendReceipt receipt, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The request id a provider message id belongs to, for delivery reports.</summary>
    Task<string?> FindRequestIdAsync(string provider, string providerMessageId, CancellationToken cancellationToken = default);
}
