using System.Globalization;
using System.Text.Json;
using Comms.Core.Domain;
using Comms.Core.Http;
using Comms.Core.Ports;
using Comms.Core.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Comms.Core.Status;

/// <summary>
/// <c>POST /api/events/acs</c>: Event Grid (Event Grid schema) delivering Azure Communication Services delivery
/// reports. Answers the subscription-validation handshake; maps SMS and e-mail delivery reports to statuses through
/// the provider message id the Send activity recorded. The report id is the Event Grid event id, so a duplicate in
/// one batch or a redelivered batch lands once. Events that match no request are kept in <c>CommsRejected</c>.
/// </summary>
public sealed class AcsEventHandler(ISendLedger ledger, IRejectedStore rejected, ExternalStatusIntake intake, TimeProvider time)
{
    /// <summary>Event Grid delivers batches of at most 1 MB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The provider names the ACS senders record in the send ledger.</summary>
    public const string SmsProvider = "acs-sms";
    public const string EmailProvider = "acs-email";
    public const string Source = "acs";

    public const string ValidationEvent = "Microsoft.EventGrid.SubscriptionValidationEvent";
    public const string SmsDeliveryReport = "Microsoft.Communication.SMSDeliveryReportReceived";
    public const string EmailDeliveryReport = "Microsoft.Communication.EmailDeliveryReportReceived";

    public async Task<IResult> HandleAsync(HttpRequest http, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var body = await CommsApi.ReadBodyAsync(http, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return CommsApi.TooLarge(MaxBodyBytes);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException)
        {
            return Invalid("Not valid JSON.");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return Invalid("Must be a JSON array of Event Grid events.");
            }

            var events = document.RootElement.EnumerateArray().ToList();
            if (events.FirstOrDefault(e => Text(e, "eventType") == ValidationEvent) is { ValueKind: JsonValueKind.Object } validation)
            {
                var code = validation.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? Text(data, "validationCode") : null;
                return code is null
                    ? Invalid("The validation event has no data.validationCode.")
                    : Results.Json(new { validationResponse = code });
            }

            var summary = new AcsEventsAccepted();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var e in events)
            {
                var id = e.ValueKind == JsonValueKind.Object ? Text(e, "id") : null;
                if (id is not null && !seen.Add(id))
                {
                    summary.Duplicates++;
                    continue;
                }

                await HandleEventAsync(id, e, client, summary, cancellationToken);
            }

            return Results.Json(summary, CommsJson.Options);
        }
    }

    private async Task HandleEventAsync(string? id, JsonElement e, DurableTaskClient client, AcsEventsAccepted summary, CancellationToken cancellationToken)
    {
        var report = Read(id, e, out var provider, out var messageId, out var problem);
        var requestId = report is null ? null : await ledger.FindRequestIdAsync(provider!, messageId!, cancellationToken);
        if (report is null || requestId is null)
        {
            summary.Kept++;
            await rejected.AddAsync(
                new RejectedMessage(id ?? "acs-event", Source, time.GetUtcNow(), problem ?? $"No request sent a {provider} message '{messageId}'.", e.GetRawText()),
                cancellationToken);
            return;
        }

        summary.Recorded++;
        await intake.RecordAsync(report with { RequestId = requestId }, client, cancellationToken);
    }

    /// <summary>The report an event carries (with the request id still empty), or null with the reason.</summary>
    private StatusReport? Read(string? id, JsonElement e, out string? provider, out string? messageId, out string? problem)
    {
        (provider, messageId, problem) = (null, null, null);
        var type = e.ValueKind == JsonValueKind.Object ? Text(e, "eventType") : null;
        if (id is null || type is null || !e.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            problem = "Not an Event Grid event (id, eventType and data are required).";
            return null;
        }

        string? outcome;
        string? details;
        string? at;
        switch (type)
        {
            case SmsDeliveryReport:
                provider = SmsProvider;
                outcome = Text(data, "deliveryStatus");
                details = Text(data, "deliveryStatusDetails");
                at = Text(data, "receivedTimestamp");
                break;
            case EmailDeliveryReport:
                provider = EmailProvider;
                outcome = Text(data, "status");
                details = data.TryGetProperty("deliveryStatusDetails", out var d) && d.ValueKind == JsonValueKind.Object ? Text(d, "statusMessage") : null;
                at = Text(data, "deliveryAttemptTimestamp");
                break;
            default:
                problem = $"Event type '{type}' is not an ACS delivery report.";
                return null;
        }

        messageId = Text(data, "messageId");
        if (messageId is null || outcome is null || MapOutcome(type, outcome) is not { } status)
        {
            problem = $"The {provider} delivery report has no messageId or an unknown status '{outcome}'.";
            return null;
        }

        var occurredAt = DateTimeOffset.TryParse(at ?? Text(e, "eventTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUniversalTime()
            : time.GetUtcNow();
        var detail = details is null ? $"{provider}: {outcome}" : $"{provider}: {outcome} ({Truncate(details)})";
        return new StatusReport("", status, occurredAt, Source, detail, $"{Source}:{id}", messageId);
    }

    /// <summary>
    /// ACS outcomes as Comms statuses. SMS: Delivered, Failed. E-mail: Delivered; Failed; refused by the recipient's
    /// side (Bounced, Suppressed, Quarantined, FilteredSpam) is undeliverable; Expanded (sent on to a list) counts as sent.
    /// </summary>
    private static CommsStatus? MapOutcome(string type, string outcome) => (type, outcome.ToUpperInvariant()) switch
    {
        (_, "DELIVERED") => CommsStatus.Delivered,
        (_, "FAILED") => CommsStatus.Failed,
        (EmailDeliveryReport, "BOUNCED" or "SUPPRESSED" or "QUARANTINED" or "FILTEREDSPAM") => CommsStatus.Undeliverable,
        (EmailDeliveryReport, "EXPANDED") => CommsStatus.Sent,
        _ => null,
    };

    /// <summary>A string property, matched without regard to case (ACS writes SMS data in PascalCase, e-mail data in camelCase).</summary>
    private static string? Text(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            }
        }

        return null;
    }

    private static string Truncate(string s) => s.Length <= 500 ? s : s[..500] + "…";

    private static IResult Invalid(string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [message] }, title: "The Event Grid delivery is invalid.");
}
