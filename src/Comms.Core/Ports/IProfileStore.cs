using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>The <c>AccountProfiles</c> table.</summary>
public interface IProfileStore
{
    Task<AccountProfile?> GetAsync(string accountId, CancellationToken cancellationToken = default);

    Task PutAsync(AccountProfile profile, CancellationToken cancellationToken = default);
}
