using Comms.Core.Consent;

namespace Comms.Core.Ports;

/// <summary>
/// Consent (<c>CommsConsent</c>: each account's current preferences and its append-only history) and what is known of
/// addresses (<c>CommsAddresses</c>: blocked by a STOP, invalid after a bounce, and the accounts Comms wrote to there).
/// </summary>
public interface IConsentStore
{
    /// <summary>The account's current preferences (the latest per category and channel).</summary>
    Task<IReadOnlyList<Preference>> GetPreferencesAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>Records preferences: each replaces the current one of its category and channel, and is appended to the history.</summary>
    Task SetPreferencesAsync(string accountId, IReadOnlyList<Preference> preferences, CancellationToken cancellationToken = default);

    /// <summary>The account's history, newest first (at most <paramref name="max"/> entries).</summary>
    Task<IReadOnlyList<ConsentHistoryEntry>> GetHistoryAsync(string accountId, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends an entry to the account's history only (a block of an address it was written to). With an
    /// <paramref name="entryId"/> (the event that brought it), the same entry appended again is one entry.
    /// </summary>
    Task AppendHistoryAsync(string accountId, ConsentHistoryEntry entry, string? entryId = null, CancellationToken cancellationToken = default);

    Task<AddressState> GetAddressAsync(string address, CancellationToken cancellationToken = default);

    /// <summary>Blocks (<c>STOP</c>) or opens (<c>START</c>) an address.</summary>
    Task SetBlockedAsync(string address, bool blocked, ConsentEvidence evidence, CancellationToken cancellationToken = default);

    /// <summary>Marks an address invalid (a bounce): nothing more goes there, mandatory or not.</summary>
    Task MarkInvalidAsync(string address, string reason, CancellationToken cancellationToken = default);

    /// <summary>Remembers that Comms wrote to the address for the account (the accounts an SMS reply concerns).</summary>
    Task RememberRecipientAsync(string address, string accountId, CancellationToken cancellationToken = default);

    /// <summary>The accounts Comms wrote to at the address.</summary>
    Task<IReadOnlyList<string>> AccountsAtAsync(string address, CancellationToken cancellationToken = default);
}
