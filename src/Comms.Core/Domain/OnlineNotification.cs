namespace Comms.Core.Domain;

/// <summary>An in-app inbox entry of an account. Its id is the request id, so a repeated send stores it once.</summary>
public sealed record OnlineNotification(
    string Id,
    string AccountId,
    string RequestId,
    string CommsType,
    string Title,
    string Body,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt);
