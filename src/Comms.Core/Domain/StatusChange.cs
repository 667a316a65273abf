namespace Comms.Core.Domain;

/// <summary>A change of a request's current status, as told to CMP by the status callback.</summary>
public sealed record StatusChange(string RequestId, CommsStatus Status, DateTimeOffset At, string Source, string? Detail)
{
    /// <summary>
    /// The callback's <c>webhook-id</c>: the same for every attempt, and since a status is reached at most once per
    /// request, the same for a repeated record of the change, so the receiver can drop repeats.
    /// </summary>
    public string WebhookId => RequestIds.StatusCallbackWebhookId(RequestId, Status);
}
