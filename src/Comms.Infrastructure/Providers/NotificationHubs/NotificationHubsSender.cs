using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Infrastructure.Channels;

namespace Comms.Infrastructure.Providers.NotificationHubs;

/// <summary>
/// Push to handset through the Notification Hubs REST API: a template notification (properties <c>title</c> and
/// <c>body</c>, which the installation's templates place) sent to the tag <c>$InstallationId:{id}</c>. The
/// service's <c>TrackingId</c> is the provider message id.
/// </summary>
public sealed class NotificationHubsSender(IHttpClientFactory clients, NotificationHubsConnection connection, string hubName, TimeProvider time) : IMessageSender
{
    public const string ProviderName = "notificationHubs";
    public const string ClientName = "notificationHubs";
    public const string ApiVersion = "2015-01";
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    public Channel Channel => Channel.PushToHandset;

    public string SenderKey(CommsTarget target) => "notification-hub:" + hubName;

    public async Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var installation = message.Target.InstallationId;
        if (string.IsNullOrWhiteSpace(installation) || installation.Any(c => char.IsControl(c) || c is '{' or '}' or ',' || char.IsWhiteSpace(c)))
        {
            throw new PermanentSendException($"Request {message.RequestId} has no usable Notification Hubs installation id to send to.");
        }

        var hub = new Uri(connection.BaseUrl, Uri.EscapeDataString(hubName));
        var payload = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["title"] = message.Part(ChannelParts.Title),
            ["body"] = message.Part(ChannelParts.Body),
            ["requestId"] = message.RequestId,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hub + $"/messages/?api-version={ApiVersion}"))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", NotificationHubsSasToken.Create(hub, connection.KeyName, connection.Key, time.GetUtcNow() + TokenLifetime));
        request.Headers.Add("ServiceBusNotification-Format", "template");
        request.Headers.Add("ServiceBusNotification-Tags", $"$InstallationId:{{{installation}}}");

        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        await ProviderResponse.EnsureAcceptedAsync(response, "Notification Hubs", cancellationToken);
        var trackingId = Header(response.Headers, "TrackingId") ?? Header(response.Headers, "x-ms-request-id")
            ?? throw new HttpRequestException("Notification Hubs accepted the notification without a TrackingId.");
        return new SendReceipt(ProviderName, trackingId, CommsStatus.Sent);
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
