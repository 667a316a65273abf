using System.Collections.Concurrent;
using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Tests.Channels;

/// <summary>An in-memory inbox for sender tests; the Table-backed one is tested with the stores.</summary>
internal sealed class InMemoryNotificationInbox : INotificationInbox
{
    private readonly ConcurrentDictionary<(string AccountId, string Id), OnlineNotification> items = new();

    public Task AddAsync(OnlineNotification notification, CancellationToken cancellationToken = default)
    {
        items.TryAdd((notification.AccountId, notification.Id), notification);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OnlineNotification>> ListAsync(string accountId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OnlineNotification>>(items.Values.Where(n => n.AccountId == accountId).OrderByDescending(n => n.CreatedAt).ToList());

    public Task<OnlineNotification?> MarkReadAsync(string accountId, string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (!items.TryGetValue((accountId, id), out var item))
        {
            return Task.FromResult<OnlineNotification?>(null);
        }

        var read = item with { ReadAt = item.ReadAt ?? at };
        items[(accountId, id)] = read;
        return Task.FromResult<OnlineNotification?>(read);
    }
}
