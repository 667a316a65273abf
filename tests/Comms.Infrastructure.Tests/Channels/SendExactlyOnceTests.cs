using System.Text.Json.Nodes;
using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Workflow;
using Comms.Infrastructure.Rendering;
using Comms.Infrastructure.Tests.Storage;
using Comms.Testing.Fakes;
using Comms.Core.Pacing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Comms.Infrastructure.Tests.Channels;

/// <summary>
/// The Send activity with the real send ledger (Azurite), the real renderer and the real senders against the
/// fakes: however often it runs for a request, and wherever an earlier run stopped, the fake holds one message.
/// </summary>
public sealed class SendExactlyOnceTests(StorageFixture storage) : IClassFixture<StorageFixture>, IAsyncLifetime
{
    private static readonly RazorTemplateRenderer Renderer = new();
    private readonly FakeAcs acs = new();
    private readonly FakeNotificationHubs hubs = new();
    private readonly WebhookReceiver crm = new();
    private ServiceProvider channels = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(acs.StartAsync(), hubs.StartAsync(), crm.StartAsync());
        channels = HttpChannels.Build(new()
        {
            ["Comms:Email:Provider"] = "Acs",
            ["Comms:Email:From"] = "billing@comms.test",
            ["Comms:Sms:Provider"] = "Acs",
            ["Comms:Sms:From"] = "+18005550100",
            ["Comms:Acs:ConnectionString"] = acs.ConnectionString,
            ["Comms:Acs:EmailPollInterval"] = "00:00:00.100",
            ["Comms:Push:Provider"] = "NotificationHubs",
            ["Comms:NotificationHubs:ConnectionString"] = hubs.ConnectionString,
            ["Comms:NotificationHubs:HubName"] = hubs.HubName,
            ["Comms:NotificationHubs:Endpoint"] = hubs.BaseUrl.ToString(),
            ["Comms:External:Systems:crm:Url"] = crm.Url.ToString(),
            ["Comms:External:Systems:crm:Secret"] = crm.Secret,
        });
    }

    public async Task DisposeAsync()
    {
        await channels.DisposeAsync();
        await Task.WhenAll(acs.DisposeAsync().AsTask(), hubs.DisposeAsync().AsTask(), crm.DisposeAsync().AsTask());
    }

    private SendActivity Activity => new(
        channels.GetServices<IMessageSender>(), storage.Get<ISendLedger>(), storage.Get<IWorkStore>(), storage.Get<IRateLimiter>(), Options.Create(new RateLimitOptions()), Consent, TimeProvider.System);

    private Comms.Core.Consent.ConsentPolicy Consent => new(storage.Get<IConsentStore>(), Options.Create(new Comms.Core.Consent.CommsTypeCatalogue()), new Comms.Core.Consent.UnsubscribeLinks(Options.Create(new Comms.Core.Consent.ConsentOptions()), TimeProvider.System));

    [Theory]
    [InlineData(Channel.Sms)]
    [InlineData(Channel.Email)]
    [InlineData(Channel.PushToHandset)]
    [InlineData(Channel.PushToExternal)]
    public async Task Run_twice_for_a_request_sends_once_and_returns_the_same_result(Channel channel)
    {
        var input = await InputAsync(channel);

        var first = await Activity.RunAsync(input);
        var requestsAfterFirst = acs.Requests + hubs.Requests + crm.Requests;
        var second = await Activity.RunAsync(input);

        Assert.Equal(first, second);
        Assert.Equal(CommsStatus.Sent, first.Reached);
        Assert.Equal(requestsAfterFirst, acs.Requests + hubs.Requests + crm.Requests);
        Assert.Equal(1, acs.Sms.Count + acs.Emails.Count + hubs.Pushes.Count + crm.Received.Count);
        Assert.Equal(input.Request.RequestId, await storage.Get<ISendLedger>().FindRequestIdAsync(first.Provider, first.ProviderMessageId));
        var row = await storage.Table("CommsSendLedger").GetEntityAsync<Azure.Data.Tables.TableEntity>(input.Request.RequestId, "send-" + ChannelWireName(channel));
        Assert.Equal(channel == Channel.Sms ? "Gsm7, 1 segment(s)" : null, row.Value.GetString("Detail"));
    }

    private static string ChannelWireName(Channel channel) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(channel.ToString());

    [Fact]
    public async Task An_email_accepted_before_a_crash_is_found_by_its_operation_and_not_sent_again()
    {
        var input = await InputAsync(Channel.Email);
        await CrashAfterProviderAcceptedAsync(input);

        var result = await Activity.RunAsync(input);

        Assert.Equal(1, acs.EmailPosts);
        var email = Assert.Single(acs.Emails);
        Assert.Equal(email.OperationId, result.ProviderMessageId);
    }

    [Fact]
    public async Task An_sms_accepted_before_a_crash_is_sent_again_with_the_same_repeatability_id_and_arrives_once()
    {
        var input = await InputAsync(Channel.Sms);
        await CrashAfterProviderAcceptedAsync(input);

        var result = await Activity.RunAsync(input);

        var sms = Assert.Single(acs.Sms);
        Assert.Equal(sms.MessageId, result.ProviderMessageId);
        Assert.Equal(2, acs.Requests);
    }

    [Fact]
    public async Task A_webhook_delivered_before_a_crash_is_sent_again_with_the_same_webhook_id()
    {
        var input = await InputAsync(Channel.PushToExternal);
        await CrashAfterProviderAcceptedAsync(input);

        await Activity.RunAsync(input);

        Assert.Single(crm.Received);
        Assert.Equal(2, crm.Deliveries);
    }

    /// <summary>What a run that died between the provider's acceptance and the ledger's record leaves: a claim, and the message at the provider.</summary>
    private async Task CrashAfterProviderAcceptedAsync(SendInput input)
    {
        var ledger = storage.Get<ISendLedger>();
        var failing = new SendActivity([new CrashingAfterSend(channels.Sender(input.Request.Channel))], ledger, storage.Get<IWorkStore>(), storage.Get<IRateLimiter>(), Options.Create(new RateLimitOptions()), Consent, TimeProvider.System);
        await Assert.ThrowsAsync<OperationCanceledException>(() => failing.RunAsync(input));
    }

    private async Task<SendInput> InputAsync(Channel channel)
    {
        var id = StorageFixture.NewId("once");
        var target = new CommsTarget("Ada Lovelace", "ada@example.com", "+447700900123", InstallationId: "device-1", ExternalSystem: "crm");
        var request = new CommsRequest(id, "ACC-1", "InvoiceReady", channel, target,
            new JsonObject { ["invoiceNumber"] = "INV-1", ["amountDue"] = 42.5m, ["dueDate"] = "2026-12-01" }, "en-GB", null, CommsSource.Api);
        var gathered = new GatherResult(target, "en-GB", "InvoiceReady", Renderer.Version);
        var rendered = await new RenderActivity(Comms.Testing.Templates.SetsOver(Renderer), channels.GetRequiredService<IPdfRenderer>(), storage.Get<IWorkStore>()).RunAsync(new RenderInput(request, gathered));
        return new SendInput(request, gathered, rendered);
    }

    /// <summary>Sends for real, then dies before the activity can record the acceptance.</summary>
    private sealed class CrashingAfterSend(IMessageSender inner) : IMessageSender
    {
        public Channel Channel => inner.Channel;

        public async Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
        {
            await inner.SendAsync(message, cancellationToken);
            throw new OperationCanceledException("The process died here.");
        }
    }
}
