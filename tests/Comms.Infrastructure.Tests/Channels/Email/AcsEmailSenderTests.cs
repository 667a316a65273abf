using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Infrastructure.Channels.Email;
using Comms.Infrastructure.Providers.Acs;
using Comms.Infrastructure.Providers.Smtp;
using Comms.Testing.Fakes;

namespace Comms.Infrastructure.Tests.Channels.Email;

public sealed class AcsEmailSenderTests : IAsyncLifetime
{
    private readonly FakeAcs acs = new();
    private Microsoft.Extensions.DependencyInjection.ServiceProvider services = null!;

    private IMessageSender Sender => services.Sender(Channel.Email);

    public async Task InitializeAsync()
    {
        await acs.StartAsync();
        services = HttpChannels.Build(new()
        {
            ["Comms:Email:Provider"] = "Acs",
            ["Comms:Email:From"] = "billing@comms.test",
            ["Comms:Email:ReplyTo"] = "help@comms.test",
            ["Comms:Acs:ConnectionString"] = acs.ConnectionString,
            ["Comms:Acs:EmailPollInterval"] = "00:00:00.100",
        });
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await acs.DisposeAsync();
    }

    [Fact]
    public async Task Sends_html_and_text_and_waits_for_the_operation_to_succeed()
    {
        var message = Email("ada@example.com");

        var receipt = await Sender.SendAsync(message);

        var sent = Assert.Single(acs.Emails);
        Assert.Equal(("billing@comms.test", "ada@example.com", "Invoice INV-1", "help@comms.test"), (sent.From, sent.To, sent.Subject, sent.ReplyTo));
        Assert.Equal("<p>Dear Ada, invoice <b>INV-1</b> &amp; more.</p>", sent.Html);
        Assert.Equal("Dear Ada, invoice INV-1 & more.", sent.PlainText);
        Assert.Equal(AcsEmailSender.OperationIdFor(message), sent.OperationId);
        Assert.Equal(new SendReceipt("acs-email", sent.OperationId, CommsStatus.Sent), receipt);
        Assert.Equal(0, acs.Unauthorized);
    }

    [Fact]
    public async Task An_operation_that_ends_failed_fails_permanently_with_its_reason()
    {
        acs.FailingAddresses["gone@example.com"] = "The recipient is suppressed.";

        var e = await Assert.ThrowsAsync<PermanentSendException>(() => Sender.SendAsync(Email("gone@example.com")));

        Assert.Contains("Failed", e.Message, StringComparison.Ordinal);
        Assert.Contains("The recipient is suppressed.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retries_503_then_sends_once()
    {
        acs.FailNext(503);

        await Sender.SendAsync(Email("ada@example.com"));

        Assert.Single(acs.Emails);
    }

    [Fact]
    public async Task A_429_comes_back_at_once_as_throttled_with_its_retry_after()
    {
        acs.FailNext(429, """{"error":{"code":"TooManyRequests","message":"Slow down."}}""", retryAfterSeconds: 3);

        var e = await Assert.ThrowsAsync<ProviderThrottledException>(() => Sender.SendAsync(Email("ada@example.com")));

        Assert.Equal(TimeSpan.FromSeconds(3), e.RetryAfter);
        Assert.Empty(acs.Emails);
    }

    [Fact]
    public async Task A_400_fails_permanently_with_the_services_reason()
    {
        acs.FailNext(400, """{"error":{"code":"InvalidSenderDomain","message":"The sender domain has not been linked."}}""");

        var e = await Assert.ThrowsAsync<PermanentSendException>(() => Sender.SendAsync(Email("ada@example.com")));

        Assert.Contains("InvalidSenderDomain: The sender domain has not been linked.", e.Message, StringComparison.Ordinal);
        Assert.Empty(acs.Emails);
    }

    [Fact]
    public async Task The_same_message_again_is_the_same_operation_and_one_email()
    {
        var message = Email("ada@example.com");

        var first = await Sender.SendAsync(message);
        var second = await Sender.SendAsync(message);

        Assert.Equal(first, second);
        Assert.Single(acs.Emails);
    }

    [Fact]
    public async Task An_earlier_attempt_is_found_by_its_operation_id_and_an_unknown_one_is_not()
    {
        var lookup = Assert.IsAssignableFrom<IPreviousSendLookup>(Sender);
        var message = Email("ada@example.com");

        Assert.Null(await lookup.FindPreviousSendAsync(message));
        var sent = await Sender.SendAsync(message);
        Assert.Equal(sent, await lookup.FindPreviousSendAsync(message));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_by_the_service_as_permanent()
    {
        using var wrong = HttpChannels.Build(new()
        {
            ["Comms:Email:Provider"] = "Acs",
            ["Comms:Email:From"] = "billing@comms.test",
            ["Comms:Acs:ConnectionString"] = $"endpoint={acs.BaseUrl};accesskey={Convert.ToBase64String(new byte[32])}",
        });

        var e = await Assert.ThrowsAsync<PermanentSendException>(() => wrong.Sender(Channel.Email).SendAsync(Email("ada@example.com")));

        Assert.Contains("401", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, acs.Unauthorized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not an address")]
    public async Task An_address_that_is_not_valid_fails_without_calling_the_service(string? to)
    {
        await Assert.ThrowsAsync<PermanentSendException>(() => Sender.SendAsync(Email(to)));

        Assert.Equal(0, acs.Requests);
    }

    private static OutboundMessage Email(string? to) => HttpChannels.Message(Channel.Email, new CommsTarget("Ada", to), new Dictionary<string, string>
    {
        [ChannelParts.Subject] = "Invoice INV-1",
        [ChannelParts.Html] = "<p>Dear Ada, invoice <b>INV-1</b> &amp; more.</p>",
    });
}
