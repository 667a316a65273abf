using Comms.Core.Domain;

namespace Comms.Infrastructure.Callbacks;

/// <summary>The text of a <c>status-callbacks</c> queue message: a request's change or a batch's completion, and which attempt this is.</summary>
public sealed record StatusCallbackMessage(StatusChange? Change, int Attempt, Comms.Core.Batches.BatchCompletion? Batch = null)
{
    /// <summary>The callback's fixed <c>webhook-id</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? WebhookId => Change?.WebhookId ?? Batch?.WebhookId;

    /// <summary>The body posted: the change, or the batch's completion.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public object? Body => (object?)Change ?? Batch;
}
