using System.Text;
using System.Text.Json;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Core.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Comms.Infrastructure.Callbacks;

/// <summary>
/// Delivers one <c>status-callbacks</c> message: POSTs the change to <c>Comms:StatusCallbacks:Url</c>, signed with
/// Standard Webhooks under the change's fixed <c>webhook-id</c>. A failed attempt is queued again with a doubling
/// delay; after <see cref="StatusCallbackOptions.MaxAttempts"/> the change is recorded in <c>CommsRejected</c>.
/// Both hosts' queue listeners call this, and only storage failures escape it (the message is then retried by the queue).
/// </summary>
public sealed partial class StatusCallbackDelivery(
    IHttpClientFactory httpClients,
    QueueStatusCallbacks queue,
    IRejectedStore rejected,
    IOptions<StatusCallbackOptions> options,
    TimeProvider time,
    ILogger<StatusCallbackDelivery> logger)
{
    public const string HttpClientName = "status-callbacks";
    public const string RejectedSource = "statusCallback";

    private readonly StatusCallbackOptions settings = options.Value;
    private readonly byte[] key = string.IsNullOrWhiteSpace(options.Value.Secret) ? [] : StandardWebhook.DecodeSecret(options.Value.Secret.Trim());

    public async Task HandleAsync(string text, string messageId, CancellationToken cancellationToken = default)
    {
        StatusCallbackMessage? message;
        try
        {
            message = CommsJson.Deserialize<StatusCallbackMessage>(text);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message?.WebhookId is null || settings.Url is null)
        {
            await rejected.AddAsync(new RejectedMessage(messageId, RejectedSource, time.GetUtcNow(), message is null ? "not a status callback message" : "Comms:StatusCallbacks:Url is not set", text), cancellationToken);
            return;
        }

        var failure = await PostAsync(message.WebhookId, message.Body!, cancellationToken);
        if (failure is null)
        {
            return;
        }

        LogFailed(logger, message.WebhookId, message.Attempt, failure);
        if (message.Attempt >= settings.MaxAttempts)
        {
            await rejected.AddAsync(
                new RejectedMessage(message.WebhookId, RejectedSource, time.GetUtcNow(), $"{settings.Url} did not accept it after {message.Attempt} attempts: {failure}", text),
                cancellationToken);
            return;
        }

        await queue.SendAsync(message with { Attempt = message.Attempt + 1 }, Delay(message.Attempt), cancellationToken);
    }

    /// <summary>Records a message the Functions host gave up on (storage kept failing), so that the change is not lost silently.</summary>
    public Task RecordPoisonAsync(string text, string messageId, string reason, CancellationToken cancellationToken = default) =>
        rejected.AddAsync(new RejectedMessage(messageId, RejectedSource, time.GetUtcNow(), reason, text), cancellationToken);

    /// <summary>The wait after the given attempt failed: the first delay, doubled for each attempt since, capped.</summary>
    public TimeSpan Delay(int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(settings.FirstRetryDelay.Ticks * Math.Pow(2, Math.Max(0, attempt - 1)), settings.MaxRetryDelay.Ticks));

    /// <summary>Null when the receiver answered 2xx; else what went wrong.</summary>
    private async Task<string?> PostAsync(string webhookId, object change, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(CommsJson.Serialize(change));
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = StandardWebhook.CreateRequest(settings.Url!, webhookId, timestamp, body, key);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {settings.Timeout.TotalSeconds:0} s";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status callback {WebhookId} attempt {Attempt} failed: {Failure}")]
    private static partial void LogFailed(ILogger logger, string webhookId, int attempt, string failure);
}
