using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Infrastructure.Channels;
using Comms.Infrastructure.Channels.Sms;
using Microsoft.Extensions.Options;

namespace Comms.Infrastructure.Providers.Acs;

/// <summary>
/// Sends SMS through ACS (<c>POST /sms?api-version=2021-03-07</c>). Every attempt of a send carries the same
/// <c>repeatabilityRequestId</c> (from the idempotency key) and <c>repeatabilityFirstSent</c> (the ledger's first
/// claim), so the service recognises a repeat. A 202 carries a result per recipient, which may still be a failure.
/// </summary>
public sealed partial class AcsSmsSender(IHttpClientFactory clients, AcsEndpoint acs, IOptions<SmsOptions> options, TimeProvider time) : IMessageSender
{
    public const string ProviderName = AcsDeliveryReports.SmsProvider;
    public const string ClientName = "acs";
    public const string ApiVersion = "2021-03-07";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly SmsOptions sms = options.Value;

    public Channel Channel => Channel.Sms;

    /// <summary>ACS counts SMS limits per sending number.</summary>
    public string SenderKey(CommsTarget target) => "acs-sms:" + sms.From;

    /// <summary>Delivery is reported afterwards (README, Status reports).</summary>
    public bool ReportsDelivery => true;

    public async Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var to = message.Target.Phone;
        if (string.IsNullOrWhiteSpace(to) || !PhoneNumbers.IsE164(to))
        {
            throw new PermanentSendException($"Request {message.RequestId} has no phone number in E.164 form (+ and 7 to 15 digits) to send to.");
        }

        var text = message.Part(ChannelParts.Text);
        var measured = SmsText.Measure(text);
        var body = new
        {
            from = sms.From,
            smsRecipients = new[]
            {
                new
                {
                    to,
                    repeatabilityRequestId = RequestIds.StableGuid(message.IdempotencyKey).ToString(),
                    repeatabilityFirstSent = AcsRequestSigner.FormatDate(message.FirstAttemptAt ?? time.GetUtcNow()),
                },
            },
            message = text,
            smsSendOptions = new { enableDeliveryReport = sms.EnableDeliveryReport, tag = message.RequestId },
        };

        var client = clients.CreateClient(ClientName);
        using var response = await client.PostAsJsonAsync(new Uri(acs.BaseUrl, $"sms?api-version={ApiVersion}"), body, Json, cancellationToken);
        await ProviderResponse.EnsureAcceptedAsync(response, "ACS SMS", cancellationToken);

        var result = await response.Content.ReadFromJsonAsync<SmsSendResponse>(Json, cancellationToken);
        var recipient = result?.Value is { Count: > 0 } recipients
            ? recipients[0]
            : throw new HttpRequestException("ACS SMS answered without a result for the recipient.");
        if (recipient.Successful && !string.IsNullOrEmpty(recipient.MessageId))
        {
            return new SendReceipt(ProviderName, recipient.MessageId, CommsStatus.Sent, $"{measured.Encoding}, {measured.Segments} segment(s)");
        }

        var reason = $"ACS SMS did not send to the recipient ({recipient.HttpStatusCode}): {recipient.ErrorMessage ?? "no reason given"}";
        if (ProviderResponse.IsTransient((System.Net.HttpStatusCode)recipient.HttpStatusCode))
        {
            throw new HttpRequestException(reason);
        }

        throw new PermanentSendException(reason);
    }



    private sealed record SmsSendResponse(IReadOnlyList<SmsSendResult>? Value);

    private sealed record SmsSendResult(string? To, string? MessageId, int HttpStatusCode, bool Successful, string? ErrorMessage, string? RepeatabilityResult);
}
