using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>The <c>OnlineNotifications</c> table: the in-app inbox of each account.</summary>
public interface INotificationInbox
{
    /// <summary>Adds the notification unless one with its id is there (a repeated send stores it once).</summary>
    Task AddAsync(OnlineNotification notification, CancellationToken cancellationToken = default);

    /// <summary>The account's notifications, newest first.</summary>
    Task<IReadOnlyList<OnlineNotification>> ListAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary>Marks one read; returns it, or null when the account has no such notification.</summary>
    Task<OnlineNotification?> MarkReadAsync(string accountId, string id, DateTimeOffset at, CancellationToken cancellationToken = default);
}
