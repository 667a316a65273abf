using System.Collections.Concurrent;
using Comms.Core.Consent;
using Comms.Core.Ports;
using Microsoft.Extensions.Options;

namespace Comms.Testing.Fakes;

/// <summary>An <see cref="IConsentStore"/> in memory, for unit tests of what decides (the table store has its own tests against Azurite).</summary>
public sealed class MemoryConsentStore : IConsentStore
{
    private readonly ConcurrentDictionary<string, List<Preference>> preferences = new();
    private readonly ConcurrentDictionary<string, List<ConsentHistoryEntry>> history = new();
    private readonly ConcurrentDictionary<string, AddressState> addresses = new();
    private readonly ConcurrentDictionary<string, HashSet<string>> recipients = new();

    /// <summary>A policy over this store with the built-in catalogue and no unsubscribe links.</summary>
    public ConsentPolicy Policy(CommsTypeCatalogue? catalogue = null, UnsubscribeLinks? links = null) =>
        new(this, Options.Create(catalogue ?? new CommsTypeCatalogue()), links ?? new UnsubscribeLinks(Options.Create(new ConsentOptions()), TimeProvider.System));

    public Task<IReadOnlyList<Preference>> GetPreferencesAsync(string accountId, CancellationToken cancellationToken = default)
    {
        lock (preferences)
        {
            return Task.FromResult<IReadOnlyList<Preference>>([.. preferences.GetValueOrDefault(accountId) ?? []]);
        }
    }

    public async Task SetPreferencesAsync(string accountId, IReadOnlyList<Preference> changes, CancellationToken cancellationToken = default)
    {
        foreach (var p in changes)
        {
            await AppendHistoryAsync(accountId, new ConsentHistoryEntry(p.Category, p.Channel, p.OptedIn, p.Evidence), cancellationToken: cancellationToken);
        }

        lock (preferences)
        {
            var list = preferences.GetOrAdd(accountId, _ => []);
            list.RemoveAll(p => changes.Any(c => c.Category == p.Category && c.Channel == p.Channel));
            list.AddRange(changes);
        }
    }

    public Task<IReadOnlyList<ConsentHistoryEntry>> GetHistoryAsync(string accountId, int max, CancellationToken cancellationToken = default)
    {
        lock (history)
        {
            return Task.FromResult<IReadOnlyList<ConsentHistoryEntry>>([.. (history.GetValueOrDefault(accountId) ?? []).OrderByDescending(h => h.Evidence.At).Take(max)]);
        }
    }

    public Task AppendHistoryAsync(string accountId, ConsentHistoryEntry entry, string? entryId = null, CancellationToken cancellationToken = default)
    {
        lock (history)
        {
            var list = history.GetOrAdd(accountId, _ => []);
            if (entryId is null || !list.Contains(entry))
            {
                list.Add(entry);
            }
        }

        return Task.CompletedTask;
    }

    public Task<AddressState> GetAddressAsync(string address, CancellationToken cancellationToken = default) =>
        Task.FromResult(addresses.GetValueOrDefault(address) ?? AddressState.Unknown(address));

    public Task SetBlockedAsync(string address, bool blocked, ConsentEvidence evidence, CancellationToken cancellationToken = default)
    {
        addresses.AddOrUpdate(address, a => new AddressState(a, blocked, evidence, null), (_, s) => s with { Blocked = blocked, BlockedBy = evidence });
        return Task.CompletedTask;
    }

    public Task MarkInvalidAsync(string address, string reason, CancellationToken cancellationToken = default)
    {
        addresses.AddOrUpdate(address, a => new AddressState(a, false, null, reason), (_, s) => s with { InvalidReason = reason });
        return Task.CompletedTask;
    }

    public Task RememberRecipientAsync(string address, string accountId, CancellationToken cancellationToken = default)
    {
        lock (recipients)
        {
            recipients.GetOrAdd(address, _ => []).Add(accountId);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> AccountsAtAsync(string address, CancellationToken cancellationToken = default)
    {
        lock (recipients)
        {
            return Task.FromResult<IReadOnlyList<string>>([.. recipients.GetValueOrDefault(address) ?? []]);
        }
    }
}
