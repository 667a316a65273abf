using System.Text;
using System.Text.Json.Nodes;
using Comms.Core.Consent;
using Comms.Core.Domain;
using Comms.Core.Pacing;
using Comms.Core.Ports;
using Comms.Core.Telemetry;
using Comms.Core.Workflow;
using Microsoft.Extensions.Options;

namespace Comms.Core.Activities;

/// <summary>
/// The seed's Comms Monitor Job: reads the account's data (<see cref="IAccountData"/>: CMP, or the profile it pushed),
/// resolves the one target (request first, then the account's data) and the locale, and writes the Comms Request
/// Detail with its merge fields: the account's <see cref="AccountProfile.Fields"/> under the request's <c>data</c>.
/// It also says when the channel's sending window opens in the recipient's time zone, if it is closed now and the comms
/// type is not urgent (<see cref="QuietHours"/>).
/// </summary>
public sealed class GatherActivity(
    IAccountData accounts,
    IDetailStore details,
    IWorkStore work,
    ITemplateRenderer renderer,
    IOptions<QuietHoursOptions> quietHours,
    IOptions<CommsTypeCatalogue> catalogue,
    TimeProvider time,
    Templating.TemplateSets? templates = null,
    StatusRecorder? recorder = null)
    : ICommsActivity<CommsRequest, GatherResult>
{
    public const string DefaultLocale = "en-GB";

    public async Task<GatherResult> RunAsync(CommsRequest input, CancellationToken cancellationToken = default)
    {
        using var span = CommsTelemetry.StartRequestSpan("comms.gather", input.RequestId);
        if (recorder is not null)
        {
            // The step that starts the work records it (CommsWorkflow); the report id makes a retry's record a no-op.
            await recorder.RecordAsync(
                new StatusReport(input.RequestId, CommsStatus.Processing, time.GetUtcNow(), RequestIds.PipelineSource, null, RequestIds.PipelineReport(CommsStatus.Processing)),
                cancellationToken);
        }

        var account = await accounts.GetAsync(input.AccountId, cancellationToken);
        var target = (input.Target ?? new CommsTarget()).FillFrom(account?.ToTarget());
        RequireAddress(input.Channel, target);
        var locale = input.Locale ?? account?.Locale ?? DefaultLocale;

        // Written only when the account adds fields: otherwise the merge fields are the request's own data, which the
        // orchestration's input holds already, and Render takes them from there (one blob write less per request).
        var mergeFields = account?.Fields is null
            ? null
            : await work.PutAsync(
                input.RequestId,
                "merge-fields.json",
                "application/json",
                Encoding.UTF8.GetBytes(MergeFields(account.Fields, input.Data).ToJsonString()),
                cancellationToken);
        var templateVersion = input.TemplateVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? renderer.Version;
        var result = new GatherResult(target, locale, input.CommsType, templateVersion, account?.TimeZone, mergeFields?.BlobName, QuietUntil(input, account?.TimeZone, templates is null ? null : await templates.PublishedCatalogueAsync(input, cancellationToken)));
        await details.SaveAsync(new CommsDetail(input.RequestId, target, locale, input.CommsType, templateVersion, mergeFields?.BlobName ?? ""), cancellationToken);
        return result;
    }

    /// <summary>
    /// The account's fields with the request's data over them: the request wins per top-level key. Copies, so neither
    /// input changes (account data may be a cached answer).
    /// </summary>
    public static JsonObject MergeFields(JsonObject? accountFields, JsonObject? requestData)
    {
        var merged = accountFields is null ? [] : (JsonObject)accountFields.DeepClone();
        foreach (var (key, value) in requestData ?? [])
        {
            merged[key] = value?.DeepClone();
        }

        return merged;
    }

    /// <summary>When the channel's window opens for the recipient, or null: open now, no window, an urgent type, or no time zone to place it in.</summary>
    private DateTimeOffset? QuietUntil(CommsRequest request, string? accountZone, CommsTypeInfo? published)
    {
        var options = quietHours.Value;
        if (options.For(request.Channel) is not { } window || catalogue.Value.For(request.CommsType, published).Urgent)
        {
            return null;
        }

        return TimeZones.TryFind(accountZone, out var zone) || TimeZones.TryFind(options.DefaultTimeZone, out zone)
            ? Pacing.QuietHours.NextOpening(time.GetUtcNow(), zone, window)
            : null;
    }

    private static void RequireAddress(Channel channel, CommsTarget target)
    {
        var description = ChannelDescriptions.Of(channel);
        if (!description.HasAddress(target))
        {
            throw new PermanentSendException($"The target needs {description.Address} for the {description.WireName} channel: none in the request and none in the account's data.");
        }
    }
}
