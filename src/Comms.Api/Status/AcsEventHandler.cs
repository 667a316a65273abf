using System.Text.Json;
using Comms.Core.Consent;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Status;
using Comms.Core.Text;
using Comms.Infrastructure.Providers.Acs;
using Microsoft.AspNetCore.Http;

namespace Comms.Api.Status;

/// <summary>
/// <c>POST /api/events/acs</c>: Event Grid (Event Grid schema) delivering Azure Communication Services delivery
/// reports. Answers the subscription-validation handshake; reads each report (<see cref="AcsDeliveryReports"/>) and
/// finds its request through the provider message id the Send activity recorded. The report id is the Event Grid event id, so a duplicate in
/// one batch or a redelivered batch lands once. Events that match no request are kept in <c>CommsRejected</c>.
/// An inbound SMS (<c>SMSReceived</c>) is a customer's reply: <see cref="InboundSms"/> records a STOP or START, and a
/// reply it cannot use (another text, a number Comms never wrote to) is kept in <c>CommsRejected</c> with the reason.
/// </summary>
public sealed class AcsEventHandler(ISendLedger ledger, IRejectedStore rejected, ExternalStatusIntake intake, InboundSms inboundSms, TimeProvider time)
{
    /// <summary>Event Grid delivers batches of at most 1 MB.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public async Task<IResult> HandleAsync(HttpRequest http, IWorkflowClient workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var body = await CommsApi.ReadBodyAsync(http, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return CommsApi.TooLarge(MaxBodyBytes);
        }

        var errors = new InputErrors();
        if (JsonInput.ParseDocument(body, errors) is not { } document)
        {
            return Invalid(errors);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return Invalid("The body must be a JSON array of Event Grid events.");
            }

            var events = document.RootElement.EnumerateArray().ToList();
            if (events.FirstOrDefault(e => AcsDeliveryReports.Text(e, "eventType") == AcsDeliveryReports.ValidationEvent) is { ValueKind: JsonValueKind.Object } validation)
            {
                var code = validation.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? AcsDeliveryReports.Text(data, "validationCode") : null;
                return code is null
                    ? Invalid("The validation event has no data.validationCode.")
                    : Results.Json(new { validationResponse = code });
            }

            var summary = new AcsEventsAccepted();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var unique = new List<(string? Id, JsonElement Event)>();
            foreach (var e in events)
            {
                var id = e.ValueKind == JsonValueKind.Object ? AcsDeliveryReports.Text(e, "id") : null;
                if (id is not null && !seen.Add(id))
                {
                    summary.Duplicates++;
                    continue;
                }

                unique.Add((id, e));
            }

            // Lookups and records run several at once; what matches no request is kept afterwards in batch transactions.
            var kept = new RejectedMessage?[unique.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, unique.Count),
                new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
                async (i, ct) => kept[i] = await HandleEventAsync(unique[i].Id, unique[i].Event, workflow, ct));
            var rejectedEvents = kept.OfType<RejectedMessage>().ToList();
            await rejected.AddManyAsync(rejectedEvents, cancellationToken);
            summary.Kept = rejectedEvents.Count;
            summary.Recorded = unique.Count - rejectedEvents.Count;
            return Results.Json(summary, CommsJson.Options);
        }
    }

    /// <summary>Events handled at once: each is a ledger lookup, and for a match a status record.</summary>
    internal const int Concurrency = 16;

    /// <summary>Records the event's report; returns what to keep as rejected when it matches no request.</summary>
    private async Task<RejectedMessage?> HandleEventAsync(string? id, JsonElement e, IWorkflowClient workflow, CancellationToken cancellationToken)
    {
        if (AcsDeliveryReports.Text(e, "eventType") == AcsDeliveryReports.SmsReceived && id is not null && e.TryGetProperty("data", out var sms))
        {
            var at = DateTimeOffset.TryParse(AcsDeliveryReports.Text(sms, "receivedTimestamp"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var received)
                ? received.ToUniversalTime()
                : time.GetUtcNow();
            var unused = await inboundSms.HandleAsync(AcsDeliveryReports.Text(sms, "from"), AcsDeliveryReports.Text(sms, "message"), at, RequestIds.ExternalReport(AcsDeliveryReports.Source, id), cancellationToken);
            return unused is null ? null : new RejectedMessage(id, AcsDeliveryReports.Source, time.GetUtcNow(), unused, e.GetRawText());
        }

        var report = AcsDeliveryReports.Read(id, e, time.GetUtcNow(), out var provider, out var messageId, out var problem);
        var requestId = report is null ? null : await ledger.FindRequestIdAsync(provider!, messageId!, cancellationToken);
        if (report is null || requestId is null)
        {
            return new RejectedMessage(id ?? "acs-event", AcsDeliveryReports.Source, time.GetUtcNow(), problem ?? $"No request sent a {provider} message '{messageId}'.", e.GetRawText());
        }

        await intake.RecordAsync(report with { RequestId = requestId }, workflow, cancellationToken);
        return null;
    }

    private static IResult Invalid(string message)
    {
        var errors = new InputErrors();
        errors.Add(JsonInput.Root, message);
        return Invalid(errors);
    }

    private static IResult Invalid(InputErrors errors) =>
        Results.ValidationProblem(errors.ToDictionary(), title: "The Event Grid delivery is invalid.");
}
