using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Testing.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.Infrastructure.Tests.Channels.Sms;

public sealed class AcsSmsSenderTests : IAsyncLifetime
{
    private const string To = "+447700900123";
    private readonly FakeAcs acs = new();
    private Microsoft.Extensions.DependencyInjection.ServiceProvider services = null!;

    private IMessageSender Sender => services.Sender(Channel.Sms);

    public async Task InitializeAsync()
    {
        await acs.StartAsync();
        services = HttpChannels.Build(new()
        {
            ["Comms:Sms:Provider"] = "Acs",
            ["Comms:Sms:From"] = "+18005550100",
            ["Comms:Acs:ConnectionString"] = acs.ConnectionString,
        });
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await acs.DisposeAsync();
    }

    [Fact]
    public async Task Sends_a_signed_sms_and_returns_the_message_id()
    {
        var message = Sms("Grüße: your invoice INV-1 is ready");

        var receipt = await Sender.SendAsync(message);

        var sent = Assert.Single(acs.Sms);
        Assert.Equal(("+18005550100", To, "Grüße: your invoice INV-1 is ready", true), (sent.From, sent.To, sent.Message, sent.DeliveryReport));
        Assert.Equal(new SendReceipt("acs-sms", sent.MessageId, CommsStatus.Sent, "Gsm7, 1 segment(s)"), receipt);
        Assert.Equal(0, acs.Unauthorized);
    }

    [Fact]
    public async Task A_repeat_of_the_same_message_is_recognised_by_its_repeatability_id()
    {
        var message = Sms("Once only");

        var first = await Sender.SendAsync(message);
        var second = await Sender.SendAsync(message);

        Assert.Single(acs.Sms);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Retries_503_then_sends_once()
    {
        acs.FailNext(503);

        var receipt = await Sender.SendAsync(Sms("After the storm"));

        Assert.Equal(2, acs.Requests);
        Assert.Equal(Assert.Single(acs.Sms).MessageId, receipt.ProviderMessageId);
    }

    [Fact]
    public async Task A_429_comes_back_at_once_as_throttled_with_its_retry_after()
    {
        acs.FailNext(429, """{"error":{"code":"TooManyRequests","message":"Slow down."}}""", retryAfterSeconds: 7);

        var e = await Assert.ThrowsAsync<ProviderThrottledException>(() => Sender.SendAsync(Sms("Too fast")));

        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        Assert.Contains("TooManyRequests: Slow down.", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, acs.Requests);
        Assert.Empty(acs.Sms);
    }

    [Fact]
    public async Task A_400_fails_permanently_with_the_services_reason()
    {
        acs.FailNext(400, """{"error":{"code":"InvalidRequest","message":"The from number is not provisioned."}}""");

        var e = await Assert.ThrowsAsync<PermanentSendException>(() => Sender.SendAsync(Sms("Refused")));

        Assert.Contains("InvalidRequest: The from number is not provisioned.", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, acs.Requests);
        Assert.Empty(acs.Sms);
    }

    [Fact]
    public async Task A_202_with_a_failed_recipient_fails_permanently_with_its_reason()
    {
        acs.FailingNumbers[To] = "Invalid To phone number format.";

        var e = await Assert.ThrowsAsync<PermanentSendException>(() => Sender.SendAsync(Sms("Nobody home")));

        Assert.Contains("Invalid To phone number format.", e.Message, StringComparison.Ordinal);
        Assert.Empty(acs.Sms);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("07700900123")]
    [InlineData("+44 7700 900123")]
    [InlineData("+0447700900123")]
    [InlineData("+4477009001234567")]
    public async Task A_number_that_is_not_e164_fails_without_calling_the_service(string? phone)
    {
        var message = HttpChannels.Message(Channel.Sms, new CommsTarget(Phone: phone), new Dictionary<string, string> { [ChannelParts.Text] = "x" });

        await Assert.ThrowsAsync<PermanentSendException>(() => Sender.SendAsync(message));

        Assert.Equal(0, acs.Requests);
    }

    [Fact]
    public async Task A_long_unicode_text_is_measured_as_ucs2_segments()
    {
        var receipt = await Sender.SendAsync(Sms("你好" + new string('a', 100)));

        Assert.Equal("Ucs2, 2 segment(s)", receipt.Detail);
    }

    [Fact]
    public async Task Identity_based_acs_sends_with_an_entra_token_for_communication_azure_com()
    {
        acs.AcceptedBearerToken = "entra-token-1";
        var credential = new StaticTokenCredential("entra-token-1");
        using var identity = HttpChannels.Build(
            new()
            {
                ["Comms:Sms:Provider"] = "Acs",
                ["Comms:Sms:From"] = "+18005550100",
                ["Comms:Acs:Endpoint"] = acs.BaseUrl.ToString(),
            },
            services => services.AddSingleton<Azure.Core.TokenCredential>(credential));

        await identity.Sender(Channel.Sms).SendAsync(Sms("With a token"));

        Assert.Single(acs.Sms);
        Assert.Equal(0, acs.Unauthorized);
        Assert.Equal(["https://communication.azure.com//.default"], credential.Scopes);
    }

    private sealed class StaticTokenCredential(string token) : Azure.Core.TokenCredential
    {
        public string[] Scopes { get; private set; } = [];

        public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes = requestContext.Scopes;
            return new Azure.Core.AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    private static OutboundMessage Sms(string text) =>
        HttpChannels.Message(Channel.Sms, new CommsTarget("Ada", Phone: To), new Dictionary<string, string> { [ChannelParts.Text] = text });
}
