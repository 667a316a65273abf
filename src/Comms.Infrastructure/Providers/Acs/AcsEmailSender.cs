using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Infrastructure.Channels;
using Comms.Infrastructure.Channels.Email;
using Comms.Infrastructure.Providers.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Comms.Infrastructure.Providers.Acs;

/// <summary>
/// Sends e-mail through ACS (<c>POST /emails:send?api-version=2023-03-31</c>) and polls the operation until it
/// ends <c>Succeeded</c> or <c>Failed</c>. The <c>Operation-Id</c> is derived from the idempotency key, so a repeated
/// send is the same operation, and an unfinished earlier attempt can be looked up by it.
/// </summary>
public sealed class AcsEmailSender(IHttpClientFactory clients, AcsEndpoint endpoint, IOptions<EmailOptions> emailOptions, IOptions<AcsOptions> acsOptions, TimeProvider time)
    : IMessageSender, IPreviousSendLookup
{
    public const string ProviderName = AcsDeliveryReports.EmailProvider;
    public const string ClientName = "acs";
    public const string ApiVersion = "2023-03-31";
    public const string OperationIdHeader = "Operation-Id";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly EmailOptions email = emailOptions.Value;
    private readonly AcsOptions acs = acsOptions.Value;

    public Channel Channel => Channel.Email;

    /// <summary>ACS counts e-mail limits per sending domain.</summary>
    public string SenderKey(CommsTarget target) => "acs-email:" + Domain(emailOptions.Value.From);

    internal static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..].ToLowerInvariant();

    public static string OperationIdFor(OutboundMessage message) => RequestIds.StableGuid(message.IdempotencyKey).ToString();

    /// <summary>Delivery is reported afterwards (README, Status reports).</summary>
    public bool ReportsDelivery => true;

    public async Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.Target.Email) || !MailboxAddress.TryParse(message.Target.Email, out var to) || !to.Address.Contains('@', StringComparison.Ordinal))
        {
            throw new PermanentSendException($"Request {message.RequestId} has no valid e-mail address to send to.");
        }

        var html = message.Part(ChannelParts.Html);
        var body = new
        {
            senderAddress = email.From,
            content = new { subject = message.Part(ChannelParts.Subject), plainText = HtmlText.From(html), html },
            recipients = new { to = new[] { new { address = to.Address, displayName = message.Target.Name } } },
            replyTo = string.IsNullOrWhiteSpace(email.ReplyTo) ? null : new[] { new { address = email.ReplyTo } },
            headers = new Dictionary<string, string>(message.Headers ?? new Dictionary<string, string>()) { [SmtpEmailSender.RequestIdHeader] = message.RequestId },
            userEngagementTrackingDisabled = true,
        };

        var operationId = OperationIdFor(message);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.BaseUrl, $"./emails:send?api-version={ApiVersion}"))
        {
            Content = JsonContent.Create(body, options: Json),
        };
        request.Headers.Add(OperationIdHeader, operationId);
        var client = clients.CreateClient(ClientName);
        using var response = await client.SendAsync(request, cancellationToken);
        await ProviderResponse.EnsureAcceptedAsync(response, "ACS Email", cancellationToken);

        var location = response.Headers.TryGetValues("Operation-Location", out var values) ? values.FirstOrDefault() : null;
        var status = location is null ? StatusUri(operationId) : new Uri(location);
        return await WaitForOperationAsync(client, status, operationId, RetryAfter(response), cancellationToken)
            ?? throw new HttpRequestException($"ACS Email operation {operationId} is not known to the service right after it was accepted.");
    }

    public async Task<SendReceipt?> FindPreviousSendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var operationId = OperationIdFor(message);
        return await WaitForOperationAsync(clients.CreateClient(ClientName), StatusUri(operationId), operationId, TimeSpan.Zero, cancellationToken);
    }

    private Uri StatusUri(string operationId) => new(endpoint.BaseUrl, $"emails/operations/{Uri.EscapeDataString(operationId)}?api-version={ApiVersion}");

    /// <summary>Polls the operation until it ends; null when the service does not know it (404).</summary>
    private async Task<SendReceipt?> WaitForOperationAsync(HttpClient client, Uri status, string operationId, TimeSpan firstWait, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + acs.EmailPollTimeout;
        var wait = firstWait;
        while (true)
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            using var response = await client.GetAsync(status, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await ProviderResponse.EnsureAcceptedAsync(response, "ACS Email", cancellationToken);
            var operation = await response.Content.ReadFromJsonAsync<EmailOperation>(Json, cancellationToken)
                ?? throw new HttpRequestException("ACS Email answered the operation status with no body.");
            switch (operation.Status)
            {
                case "Succeeded":
                    return new SendReceipt(ProviderName, operation.Id ?? operationId, CommsStatus.Sent);
                case "Failed" or "Canceled":
                    throw new PermanentSendException($"ACS Email operation {operationId} ended {operation.Status}: "
                        + (operation.Error is { } e ? $"{e.Code}: {e.Message}" : "no reason given"));
            }

            if (time.GetUtcNow() >= deadline)
            {
                // Still running: the workflow retries the step, which asks the service again before sending.
                throw new HttpRequestException($"ACS Email operation {operationId} is still {operation.Status} after {acs.EmailPollTimeout}.");
            }

            wait = RetryAfter(response) is { } after && after > TimeSpan.Zero ? after : acs.EmailPollInterval;
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        _ => TimeSpan.Zero,
    };

    private sealed record EmailOperation(string? Id, string? Status, EmailError? Error);

    private sealed record EmailError(string? Code, string? Message);
}
