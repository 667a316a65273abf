using System.Globalization;
using System.Text.Json;
using Comms.Core.Domain;

namespace Comms.Infrastructure.Providers.Acs;

/// <summary>
/// Azure Communication Services delivery reports as Event Grid (Event Grid schema) delivers them: which events they
/// are, and the status report each carries. The report id is the Event Grid event id, so a redelivered event lands
/// once; the provider message id is the one the ACS senders recorded in the send ledger under <see cref="SmsProvider"/>
/// or <see cref="EmailProvider"/>. <c>POST /api/events/acs</c> (Comms.Api/Status/AcsEventHandler.cs) reads them.
/// </summary>
public static class AcsDeliveryReports
{
    /// <summary>The provider names the ACS senders record in the send ledger.</summary>
    public const string SmsProvider = "acs-sms";
    public const string EmailProvider = "acs-email";

    /// <summary>The history source of an ACS report, and the prefix of its report id.</summary>
    public const string Source = "acs";

    /// <summary>Event Grid ids are GUIDs or similar; a longer one is not an Event Grid event (and would not fit a report id).</summary>
    public const int MaxEventIdLength = 200;

    public const string ValidationEvent = "Microsoft.EventGrid.SubscriptionValidationEvent";
    public const string SmsDeliveryReport = "Microsoft.Communication.SMSDeliveryReportReceived";
    public const string EmailDeliveryReport = "Microsoft.Communication.EmailDeliveryReportReceived";

    /// <summary>An SMS a customer sent to one of our numbers (a STOP or START reply; README, Consent and preferences).</summary>
    public const string SmsReceived = "Microsoft.Communication.SMSReceived";

    /// <summary>The report an event carries (with the request id still empty), or null with the reason.</summary>
    public static StatusReport? Read(string? id, JsonElement e, DateTimeOffset now, out string? provider, out string? messageId, out string? problem)
    {
        (provider, messageId, problem) = (null, null, null);
        var type = e.ValueKind == JsonValueKind.Object ? Text(e, "eventType") : null;
        if (id is null || type is null || !e.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            problem = "Not an Event Grid event (id, eventType and data are required).";
            return null;
        }

        if (id.Length > MaxEventIdLength)
        {
            problem = $"The event id is longer than {MaxEventIdLength} characters.";
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
            : now;
        var detail = details is null ? $"{provider}: {outcome}" : $"{provider}: {outcome} ({Truncate(details)})";
        return new StatusReport("", status, occurredAt, Source, detail, RequestIds.ExternalReport(Source, id), messageId);
    }

    /// <summary>A string property, matched without regard to case (ACS writes SMS data in PascalCase, e-mail data in camelCase).</summary>
    public static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            }
        }

        return null;
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

    private static string Truncate(string s) => s.Length <= 500 ? s : s[..500] + "…";
}
