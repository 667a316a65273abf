using System.Text.Json.Nodes;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Infrastructure.Channels.Email;
using Comms.Infrastructure.Providers.Acs;
using Comms.Infrastructure.Providers.Smtp;
using Comms.Infrastructure.Rendering;
using Comms.Testing;
using Microsoft.Extensions.Options;

namespace Comms.Infrastructure.Tests.Channels;

public sealed class SmtpEmailSenderTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly RazorTemplateRenderer Renderer = new();

    [Fact]
    public async Task Sends_the_rendered_email_to_a_real_smtp_server()
    {
        var maildev = await MailDev.SharedAsync();
        var address = $"{Guid.NewGuid():N}@example.com";
        var requestId = "req-" + Guid.NewGuid().ToString("N");
        var message = await RenderedAsync(requestId, new CommsTarget("Ada Lovelace", address));

        var receipt = await Sender(maildev.SmtpPort).SendAsync(message);

        var mail = await Eventually.Get(async () => (await maildev.MessagesToAsync(address)).SingleOrDefault(), Wait, "the e-mail in MailDev");
        Assert.Equal(message.Part(ChannelParts.Subject), mail.Subject);
        Assert.Contains("INV-77", mail.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Ada&lt;/b&gt;", mail.Html, StringComparison.Ordinal);
        Assert.Contains("INV-77", mail.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<td", mail.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([address], mail.To);
        Assert.Equal(["billing@comms.test"], mail.From);
        Assert.Equal($"<{requestId}%3Aemail@comms>", mail.Headers["message-id"]);
        Assert.Equal(requestId, mail.Headers["x-comms-request-id"]);
        Assert.Equal(new SendReceipt("smtp", $"{requestId}%3Aemail@comms", CommsStatus.Sent), receipt);
    }

    [Theory]
    [InlineData("inv-1.email", "inv-1.email@comms")]
    [InlineData("inv-1:email", "inv-1%3Aemail@comms")]
    [InlineData(".a..b.", "%2Ea.%2Eb%2E@comms")]
    [InlineData("a b<c>", "a%20b%3Cc%3E@comms")]
    public void Message_id_is_derived_from_the_idempotency_key(string key, string expected) =>
        Assert.Equal(expected, SmtpEmailSender.MessageIdFor(key));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not an address")]
    public async Task A_missing_or_invalid_address_is_permanent(string? email)
    {
        var message = await RenderedAsync("req-" + Guid.NewGuid().ToString("N"), new CommsTarget("Ada", email));

        await Assert.ThrowsAsync<PermanentSendException>(() => Sender(FreePort.Next()).SendAsync(message));
    }

    [Fact]
    public async Task A_refused_mailbox_is_permanent()
    {
        await using var server = new ScriptedSmtpServer("550 5.1.1 Mailbox unavailable");
        var message = await RenderedAsync("req-" + Guid.NewGuid().ToString("N"), new CommsTarget("Ada", "gone@example.com"));

        var e = await Assert.ThrowsAsync<PermanentSendException>(() => Sender(server.Port).SendAsync(message));

        Assert.Contains("550", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_temporary_refusal_is_left_to_retry()
    {
        await using var server = new ScriptedSmtpServer("451 4.3.0 Try again later");
        var message = await RenderedAsync("req-" + Guid.NewGuid().ToString("N"), new CommsTarget("Ada", "busy@example.com"));

        var e = await Record.ExceptionAsync(() => Sender(server.Port).SendAsync(message));

        Assert.NotNull(e);
        Assert.IsNotType<PermanentSendException>(e);
    }

    [Fact]
    public async Task A_closed_port_is_left_to_retry()
    {
        var message = await RenderedAsync("req-" + Guid.NewGuid().ToString("N"), new CommsTarget("Ada", "ada@example.com"));

        var e = await Record.ExceptionAsync(() => Sender(FreePort.Next()).SendAsync(message));

        Assert.NotNull(e);
        Assert.IsNotType<PermanentSendException>(e);
    }

    private static SmtpEmailSender Sender(int port) => new(
        Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, Timeout = TimeSpan.FromSeconds(10) }),
        Options.Create(new EmailOptions { Provider = "Smtp", From = "billing@comms.test", FromName = "Comms Billing" }));

    private static async Task<OutboundMessage> RenderedAsync(string requestId, CommsTarget target)
    {
        var data = new JsonObject { ["invoiceNumber"] = "INV-77", ["amountDue"] = 42.5m, ["dueDate"] = "2026-12-01" };
        var model = new TemplateModel(requestId, "ACC-1", "InvoiceReady", target with { Name = "<b>Ada</b>" }, data, "en-GB");
        var parts = new Dictionary<string, string>();
        foreach (var (part, _, _) in ChannelParts.For(Channel.Email))
        {
            parts[part] = await Renderer.RenderAsync("InvoiceReady", Channel.Email, part, model);
        }

        return new OutboundMessage(requestId, "ACC-1", "InvoiceReady", Channel.Email, target, requestId + ":email", parts);
    }
}
