using System.Text;
using System.Text.Json;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Core.Webhooks;
using Comms.Infrastructure.Channels;

namespace Comms.Infrastructure.Providers.ExternalWebhook;

/// <summary>
/// Push to external: POSTs the rendered JSON payload to the configured system the target names, signed with
/// Standard Webhooks. The <c>webhook-id</c> is the message's idempotency key, the same on every attempt, so the
/// receiver can drop repeats. Only configured systems are reachable: a request names a system, never a URL.
/// </summary>
public sealed class ExternalWebhookSender(IHttpClientFactory clients, IReadOnlyDictionary<string, ExternalSystemOptions> systems, TimeProvider time) : IMessageSender
{
    public const string ProviderName = "external";
    public const string ClientName = "external";

    public Channel Channel => Channel.PushToExternal;

    public string SenderKey(CommsTarget target) => "external:" + target.ExternalSystem;

    /// <summary>Delivery is reported afterwards (README, Status reports).</summary>
    public bool ReportsDelivery => true;

    public async Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var name = message.Target.ExternalSystem;
        if (string.IsNullOrWhiteSpace(name) || !systems.TryGetValue(name, out var system))
        {
            throw new PermanentSendException($"Request {message.RequestId} names no configured external system ('{name}'); configured: {string.Join(", ", systems.Keys)}.");
        }

        var payload = message.Part(ChannelParts.Body);
        try
        {
            using var _ = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            throw new PermanentSendException($"The rendered payload of request {message.RequestId} is not JSON: {e.Message}", e);
        }

        var body = Encoding.UTF8.GetBytes(payload);
        var id = message.IdempotencyKey;
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = StandardWebhook.CreateRequest(new Uri(system.Url), id, timestamp, body, StandardWebhook.DecodeSecret(system.Secret));

        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        await ProviderResponse.EnsureAcceptedAsync(response, $"External system '{name}'", cancellationToken);
        var canonical = systems.Keys.First(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        return new SendReceipt(ProviderName, $"{canonical}:{id}", CommsStatus.Sent);
    }
}
