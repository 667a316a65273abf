using System.Text;
using System.Text.Json.Nodes;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Telemetry;
using Comms.Core.Workflow;

namespace Comms.Core.Activities;

/// <summary>
/// The seed's Comms Monitor Job: reads the account's data (<see cref="IAccountData"/>: CMP, or the profile it pushed),
/// resolves the one target (request first, then the account's data) and the locale, and writes the Comms Request
/// Detail with its merge fields: the account's <see cref="AccountProfile.Fields"/> under the request's <c>data</c>.
/// </summary>
public sealed class GatherActivity(IAccountData accounts, IDetailStore details, IWorkStore work, ITemplateRenderer renderer)
    : ICommsActivity<CommsRequest, GatherResult>
{
    public const string DefaultLocale = "en-GB";

    public async Task<GatherResult> RunAsync(CommsRequest input, CancellationToken cancellationToken = default)
    {
        using var span = CommsTelemetry.StartRequestSpan("comms.gather", input.RequestId);
        var account = await accounts.GetAsync(input.AccountId, cancellationToken);
        var target = (input.Target ?? new CommsTarget()).FillFrom(account?.ToTarget());
        RequireAddress(input.Channel, target);
        var locale = input.Locale ?? account?.Locale ?? DefaultLocale;

        var mergeFields = await work.PutAsync(
            input.RequestId,
            "merge-fields.json",
            "application/json",
            Encoding.UTF8.GetBytes(MergeFields(account?.Fields, input.Data).ToJsonString()),
            cancellationToken);
        var result = new GatherResult(target, locale, input.CommsType, renderer.Version, account?.TimeZone, account?.Fields is null ? null : mergeFields.BlobName);
        await details.SaveAsync(new CommsDetail(input.RequestId, target, locale, input.CommsType, renderer.Version, mergeFields.BlobName), cancellationToken);
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

    private static void RequireAddress(Channel channel, CommsTarget target)
    {
        var description = ChannelDescriptions.Of(channel);
        if (!description.HasAddress(target))
        {
            throw new PermanentSendException($"The target has no {description.Address} for the {description.WireName} channel: none in the request and none in the account's profile.");
        }
    }
}
