using System.Globalization;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Status;
using Comms.Core.Text;
using Comms.Core.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Comms.Api.Status;

/// <summary>
/// <c>POST /api/comms/{requestId}/status</c> (openapi.yaml): a partner's status report, authenticated by a Standard
/// Webhooks signature with one of its secrets. The order of the checks: size (413), signature and timestamp (401),
/// body (400), request (404), replayed <c>webhook-id</c> (200, nothing recorded), then the report lands.
/// </summary>
public sealed class StatusWebhookHandler(
    IOptions<StatusWebhookOptions> options,
    IRequestStore requests,
    IWebhookReceipts receipts,
    ExternalStatusIntake intake,
    TimeProvider time)
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxWebhookIdLength = 200;
    public const int MaxReferenceLength = 200;
    public const int MaxReasonLength = 2000;

    private readonly IReadOnlyList<(string Partner, byte[] Key)> keys = options.Value.Partners
        .SelectMany(p => p.Value.Secrets.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => (p.Key, StandardWebhook.DecodeSecret(s.Trim()))))
        .ToList();

    public async Task<IResult> HandleAsync(string requestId, HttpRequest http, IWorkflowClient workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var body = await CommsApi.ReadBodyAsync(http, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return CommsApi.TooLarge(MaxBodyBytes);
        }

        var now = time.GetUtcNow();
        if (Authenticate(http, body, now) is not { } sender)
        {
            return Results.Problem(
                title: "The webhook is not authenticated.",
                detail: "Sign it with Standard Webhooks (webhook-id, webhook-timestamp within 5 minutes, webhook-signature) using a current secret.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        var (update, errors) = Parse(body, now);
        if (update is null)
        {
            return Results.ValidationProblem(errors!, title: "The status report is invalid.");
        }

        if (!RequestIds.IsValid(requestId) || await requests.GetAsync(requestId, cancellationToken) is null)
        {
            return CommsApi.NotFound("request", requestId);
        }

        var duplicate = !await receipts.TryRecordAsync(sender.Partner, sender.WebhookId, requestId, now, cancellationToken);
        var advanced = false;
        if (!duplicate)
        {
            var source = RequestIds.PartnerSource(sender.Partner);
            var report = new StatusReport(
                requestId, update.Status, update.OccurredAt, source, update.Reason, $"{source}:{sender.WebhookId}", update.ExternalReference);
            try
            {
                advanced = await intake.RecordAsync(report, workflow, cancellationToken);
            }
            catch
            {
                // Not recorded: let the partner's retry with the same webhook-id through.
                await receipts.ForgetAsync(sender.Partner, sender.WebhookId, CancellationToken.None);
                throw;
            }
        }

        var header = await requests.GetAsync(requestId, cancellationToken);
        return Results.Json(new StatusReportAccepted(requestId, header!.Status, advanced, duplicate), CommsJson.Options);
    }

    private (string Partner, string WebhookId)? Authenticate(HttpRequest http, byte[] body, DateTimeOffset now)
    {
        var id = http.Headers[StandardWebhook.IdHeader].ToString();
        var timestampText = http.Headers[StandardWebhook.TimestampHeader].ToString();
        var signature = http.Headers[StandardWebhook.SignatureHeader].ToString();
        if (id.Length is 0 or > MaxWebhookIdLength || id.Any(char.IsControl) || signature.Length is 0 or > 4096
            || !long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || !StandardWebhook.IsFresh(timestamp, now))
        {
            return null;
        }

        // Every key is tried, so that the time taken does not tell which partner or secret came close.
        string? partner = null;
        foreach (var (name, key) in keys)
        {
            if (StandardWebhook.Verify(key, id, timestamp, body, signature))
            {
                partner ??= name;
            }
        }

        return partner is null ? null : (partner, id);
    }

    private static (StatusUpdate? Update, Dictionary<string, string[]>? Errors) Parse(byte[] body, DateTimeOffset now)
    {
        var errors = new InputErrors();
        if (JsonInput.ParseObject(body, errors) is not { } root)
        {
            return (null, errors.ToDictionary());
        }

        var statusText = JsonInput.Text(root, "status", errors, maxLength: 50, required: true);
        var status = default(CommsStatus);
        if (statusText is not null && !CommsStatusRules.TryParseExternal(statusText, out status))
        {
            errors.Add("status", $"Unknown status. Use one of: {string.Join(", ", CommsStatusRules.ExternalReports.Keys)}.");
        }

        var occurredAt = now;
        if (JsonInput.Text(root, "occurredAt", errors, maxLength: 40) is { } at)
        {
            if (!DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out occurredAt))
            {
                errors.Add("occurredAt", "Must be an ISO 8601 time.");
            }
            else if (occurredAt > now + StandardWebhook.Tolerance)
            {
                errors.Add("occurredAt", "Lies in the future.");
            }
        }

        var reference = JsonInput.Text(root, "externalReference", errors, maxLength: MaxReferenceLength);
        var reason = JsonInput.Text(root, "reason", errors, maxLength: MaxReasonLength);
        return errors.Any
            ? (null, errors.ToDictionary())
            : (new StatusUpdate(status, occurredAt.ToUniversalTime(), reference, reason), null);
    }

    private sealed record StatusUpdate(CommsStatus Status, DateTimeOffset OccurredAt, string? ExternalReference, string? Reason);
}
