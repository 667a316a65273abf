namespace Comms.Core.Domain;

/// <summary>
/// A row of the send ledger: a claim to send once for a request and purpose, and its outcome once accepted; or a
/// cancel that came first (<see cref="Cancelled"/>), after which nothing is sent.
/// </summary>
public sealed record LedgerEntry(
    string RequestId,
    string Purpose,
    DateTimeOffset ClaimedAt,
    int Attempts,
    string? Provider,
    string? ProviderMessageId,
    DateTimeOffset? AcceptedAt,
    CommsStatus? Reached = null,
    bool Cancelled = false)
{
    public bool Accepted => AcceptedAt is not null;
}
