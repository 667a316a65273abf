using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Comms.Infrastructure.Tests.Channels.External;

public sealed class ExternalWebhookSenderTests : IAsyncLifetime
{
    private const string Payload = "{\"type\":\"InvoiceReady\",\"message\":\"Grüße \\\"quoted\\\"\"}";
    private readonly WebhookReceiver crm = new();
    private Microsoft.Extensions.DependencyInjection.ServiceProvider services = null!;

    private IMessageSender Sender => services.Sender(Channel.PushToExternal);

    public async Task InitializeAsync()
    {
        await crm.StartAsync();
        services = HttpChannels.Build(new()
        {
            ["Comms:External:Systems:crm:Url"] = crm.Url.ToString(),
            ["Comms:External:Systems:crm:Secret"] = crm.Secret,
        });
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await crm.DisposeAsync();
    }

    [Fact]
    public async Task Posts_the_payload_signed_with_standard_webhooks()
    {
        var message = External("CRM", Payload);

        var receipt = await Sender.SendAsync(message);

        var hook = Assert.Single(crm.Received);
        Assert.Equal(Payload, hook.Body);
        Assert.Equal("application/json; charset=utf-8", hook.ContentType);
        Assert.Equal(message.IdempotencyKey, hook.Id);
        Assert.Equal(new SendReceipt("external", "crm:" + message.IdempotencyKey, CommsStatus.Sent), receipt);
        Assert.Equal(0, crm.Unauthorized);
    }

    [Fact]
    public async Task Retries_keep_the_webhook_id_so_the_receiver_sees_one_message()
    {
        crm.FailNext(503);
        crm.FailNext(500);
        var message = External("crm", Payload);

        await Sender.SendAsync(message);
        await Sender.SendAsync(message);

        Assert.Equal(4, crm.Requests);
        Assert.Equal(2, crm.Deliveries);
        Assert.Single(crm.Received);
    }

    [Fact]
    public async Task A_dropped_connection_and_a_408_are_retried()
    {
        crm.DropNext();
        crm.FailNext(408);

        await Sender.SendAsync(External("crm", Payload));

        Assert.Equal(3, crm.Requests);
        Assert.Single(crm.Received);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(413)]
    public async Task A_permanent_refusal_is_not_retried(int status)
    {
        crm.FailNext(status);

        var e = await Assert.ThrowsAsync<PermanentSendException>(() => Sender.SendAsync(External("crm", Payload)));

        Assert.Contains($"({status})", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, crm.Requests);
        Assert.Empty(crm.Received);
    }

    [Fact]
    public async Task A_400_fails_permanently_with_the_receivers_reason()
    {
        crm.FailNext(400, """{"error":{"code":"UnknownAccount","message":"No such account in the CRM."}}""");

        var e = await Assert.ThrowsAsync<PermanentSendException>(() => Sender.SendAsync(External("crm", Payload)));

        Assert.Contains("No such account in the CRM.", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("erp")]
    [InlineData("http://127.0.0.1:1/steal")]
    public async Task Only_a_configured_system_can_be_a_target(string? system)
    {
        var e = await Assert.ThrowsAsync<PermanentSendException>(() => Sender.SendAsync(External(system, Payload)));

        Assert.Contains("configured", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, crm.Requests);
    }

    [Fact]
    public async Task A_payload_that_is_not_json_is_not_sent()
    {
        await Assert.ThrowsAsync<PermanentSendException>(() => Sender.SendAsync(External("crm", "{\"a\": \"unterminated}")));

        Assert.Equal(0, crm.Requests);
    }

    [Fact]
    public void A_system_without_a_valid_secret_or_url_fails_at_startup()
    {
        static string Refusal(Dictionary<string, string?> settings)
        {
            using var services = HttpChannels.Build(settings);
            return Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate()).Message;
        }

        Assert.Contains("Comms:External:Systems:crm:Secret", Refusal(new() { ["Comms:External:Systems:crm:Url"] = "https://crm.test/hooks", ["Comms:External:Systems:crm:Secret"] = "whsec_not base64" }), StringComparison.Ordinal);
        Assert.Contains("Comms:External:Systems:crm:Url", Refusal(new() { ["Comms:External:Systems:crm:Url"] = "file:///etc/passwd", ["Comms:External:Systems:crm:Secret"] = crm.Secret }), StringComparison.Ordinal);
    }

    private static OutboundMessage External(string? system, string payload) =>
        HttpChannels.Message(Channel.PushToExternal, new CommsTarget(ExternalSystem: system), new Dictionary<string, string> { [ChannelParts.Body] = payload });
}
