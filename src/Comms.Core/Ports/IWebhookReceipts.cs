namespace Comms.Core.Ports;

/// <summary>
/// The <c>CommsWebhookReceipts</c> table: the <c>webhook-id</c>s each sender has used, so that a replayed webhook
/// lands once. Rows are kept (not expired), which outlives the signature's five-minute tolerance window by far.
/// </summary>
public interface IWebhookReceipts
{
    /// <summary>Records the id with a conditional insert; false when the sender used it before.</summary>
    Task<bool> TryRecordAsync(string sender, string webhookId, string requestId, DateTimeOffset receivedAt, CancellationToken cancellationToken = default);

    /// <summary>Forgets an id whose report could not be recorded, so that the sender's retry is not taken for a replay.</summary>
    Task ForgetAsync(string sender, string webhookId, CancellationToken cancellationToken = default);
}
