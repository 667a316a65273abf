using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Testing.Fakes;

namespace Comms.Infrastructure.Tests.Channels.Push;

public sealed class NotificationHubsSenderTests : IAsyncLifetime
{
    private readonly FakeNotificationHubs hubs = new();
    private Microsoft.Extensions.DependencyInjection.ServiceProvider services = null!;

    private IMessageSender Sender => services.Sender(Channel.PushToHandset);

    public async Task InitializeAsync()
    {
        await hubs.StartAsync();
        services = HttpChannels.Build(Settings(hubs.ConnectionString));
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await hubs.DisposeAsync();
    }

    [Fact]
    public async Task Sends_a_template_notification_to_the_installation_and_returns_the_tracking_id()
    {
        var receipt = await Sender.SendAsync(Push("device-1"));

        var push = Assert.Single(hubs.Pushes);
        Assert.Equal("$InstallationId:{device-1}", push.Tags);
        Assert.Equal("Invoice \"INV-1\" is ready", push.Properties["title"]);
        Assert.Equal("£42.50 due by 1 December 2026.", push.Properties["body"]);
        Assert.Equal(new SendReceipt("notificationHubs", push.TrackingId, CommsStatus.Sent), receipt);
        Assert.Equal(0, hubs.Unauthorized);
    }

    [Fact]
    public async Task Retries_503_then_sends_once_and_hands_a_429_back_as_throttled()
    {
        hubs.FailNext(503);
        await Sender.SendAsync(Push("device-2"));
        hubs.FailNext(429, retryAfterSeconds: 4);
        var e = await Assert.ThrowsAsync<ProviderThrottledException>(() => Sender.SendAsync(Push("device-4")));

        Assert.Equal(3, hubs.Requests);
        Assert.Single(hubs.Pushes);
        Assert.Equal(TimeSpan.FromSeconds(4), e.RetryAfter);
    }

    [Fact]
    public async Task A_400_fails_permanently_with_the_services_reason()
    {
        hubs.FailNext(400, "The notification payload is invalid.");

        var e = await Assert.ThrowsAsync<PermanentSendException>(() => Sender.SendAsync(Push("device-3")));

        Assert.Contains("The notification payload is invalid.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var other = hubs.ConnectionString.Replace(hubs.Key, Convert.ToBase64String(new byte[32]), StringComparison.Ordinal);
        using var wrong = HttpChannels.Build(Settings(other));

        await Assert.ThrowsAsync<PermanentSendException>(() => wrong.Sender(Channel.PushToHandset).SendAsync(Push("device-4")));

        Assert.Equal(1, hubs.Unauthorized);
        Assert.Empty(hubs.Pushes);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a,b")]
    [InlineData("a}{b")]
    public async Task An_unusable_installation_id_fails_without_calling_the_service(string? installationId)
    {
        await Assert.ThrowsAsync<PermanentSendException>(() => Sender.SendAsync(Push(installationId)));

        Assert.Equal(0, hubs.Requests);
    }

    private Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["Comms:Push:Provider"] = "NotificationHubs",
        ["Comms:NotificationHubs:ConnectionString"] = connectionString,
        ["Comms:NotificationHubs:HubName"] = hubs.HubName,
        ["Comms:NotificationHubs:Endpoint"] = hubs.BaseUrl.ToString(),
    };

    private static OutboundMessage Push(string? installationId) => HttpChannels.Message(Channel.PushToHandset, new CommsTarget(InstallationId: installationId), new Dictionary<string, string>
    {
        [ChannelParts.Title] = "Invoice \"INV-1\" is ready",
        [ChannelParts.Body] = "£42.50 due by 1 December 2026.",
    });
}
