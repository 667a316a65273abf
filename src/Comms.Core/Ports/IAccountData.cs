using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>
/// The account data Gather reads: the profile CMP pushed (<c>PUT /api/accounts/{id}/profile</c>), or CMP itself when
/// it is configured (README, Account data from CMP).
/// </summary>
public interface IAccountData
{
    /// <summary>The account's data, or null when there is none.</summary>
    /// <exception cref="PermanentSendException">The source says the account does not exist.</exception>
    Task<AccountProfile?> GetAsync(string accountId, CancellationToken cancellationToken = default);
}
