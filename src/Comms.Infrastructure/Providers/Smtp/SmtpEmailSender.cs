using System.Text;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Infrastructure.Channels.Email;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Comms.Infrastructure.Providers.Smtp;

/// <summary>Sends e-mail through an SMTP relay with MailKit, one connection per message.</summary>
public sealed class SmtpEmailSender(IOptions<SmtpOptions> smtpOptions, IOptions<EmailOptions> emailOptions) : IMessageSender
{
    public const string ProviderName = "smtp";
    public const string RequestIdHeader = "X-Comms-Request-Id";

    private readonly SmtpOptions smtp = smtpOptions.Value;
    private readonly EmailOptions email = emailOptions.Value;

    public Channel Channel => Channel.Email;

    /// <summary>Per sending domain, as a relay or mailbox provider counts.</summary>
    public string SenderKey(CommsTarget target) => "smtp:" + Acs.AcsEmailSender.Domain(emailOptions.Value.From);

    public async Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        var messageId = MessageIdFor(message.IdempotencyKey);
        using var mime = Compose(message, messageId);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(smtp.Timeout);
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, SocketOptions(smtp.Security), timeout.Token);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", timeout.Token);
            }

            await client.SendAsync(mime, timeout.Token);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode is >= 500 and < 600)
        {
            // 5xx is the server's final answer (no such mailbox, message refused): sending again cannot help.
            throw new PermanentSendException($"The SMTP server refused the message ({(int)e.StatusCode}, {e.ErrorCode}): {e.Message}", e);
        }

        try
        {
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception)
        {
            // The server has accepted the message; failing now would make the workflow send it again.
        }

        return new SendReceipt(ProviderName, messageId, CommsStatus.Sent);
    }

    /// <summary>
    /// The Message-Id of a send: derived from the idempotency key, so a repeated send of the same message
    /// carries the same id and receiving systems can tell it is the same message. Characters a Message-Id
    /// cannot hold are %-escaped.
    /// </summary>
    internal static string MessageIdFor(string idempotencyKey)
    {
        var local = new StringBuilder(idempotencyKey.Length);
        for (var i = 0; i < idempotencyKey.Length; i++)
        {
            var c = idempotencyKey[i];
            var dotAllowed = c == '.' && i > 0 && i < idempotencyKey.Length - 1 && idempotencyKey[i - 1] != '.';
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || dotAllowed)
            {
                local.Append(c);
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(c.ToString()))
                {
                    local.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        return local + "@comms";
    }

    private MimeMessage Compose(OutboundMessage message, string messageId)
    {
        if (string.IsNullOrWhiteSpace(message.Target.Email))
        {
            throw new PermanentSendException($"Request {message.RequestId} has no e-mail address to send to.");
        }

        if (!MailboxAddress.TryParse(message.Target.Email, out var parsed) || !parsed.Address.Contains('@', StringComparison.Ordinal))
        {
            throw new PermanentSendException($"Request {message.RequestId} has an e-mail address that is not valid.");
        }

        var html = message.Part(ChannelParts.Html);
        var mime = new MimeMessage
        {
            Subject = message.Part(ChannelParts.Subject),
            MessageId = messageId,
            Body = new BodyBuilder { HtmlBody = html, TextBody = HtmlText.From(html) }.ToMessageBody(),
        };
        mime.From.Add(new MailboxAddress(email.FromName, email.From));
        mime.To.Add(new MailboxAddress(message.Target.Name, parsed.Address));
        mime.Headers.Add(RequestIdHeader, message.RequestId);
        foreach (var (name, value) in message.Headers ?? new Dictionary<string, string>())
        {
            mime.Headers.Add(name, value);
        }

        return mime;
    }

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, "Unknown SMTP security."),
    };
}
