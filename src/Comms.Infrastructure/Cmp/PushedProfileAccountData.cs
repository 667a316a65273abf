using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Cmp;

/// <summary>
/// The account data when CMP is not configured (<c>Comms:Cmp:AccountUrl</c> unset): the profile CMP pushed with
/// <c>PUT /api/accounts/{id}/profile</c>, or null when it pushed none.
/// </summary>
public sealed class PushedProfileAccountData(IProfileStore profiles) : IAccountData
{
    public Task<AccountProfile?> GetAsync(string accountId, CancellationToken cancellationToken = default) =>
        profiles.GetAsync(accountId, cancellationToken);
}
