using System.Text;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Telemetry;
using Comms.Core.Workflow;

namespace Comms.Core.Activities;

/// <summary>
/// The seed's Comms Monitor Job: resolves the one target (request first, then the account's profile) and the
/// locale, and writes the Comms Request Detail.
/// </summary>
public sealed class GatherActivity(IProfileStore profiles, IDetailStore details, IWorkStore work, ITemplateRenderer renderer)
    : ICommsActivity<CommsRequest, GatherResult>
{
    public const string DefaultLocale = "en-GB";

    public async Task<GatherResult> RunAsync(CommsRequest input, CancellationToken cancellationToken = default)
    {
        using var span = CommsTelemetry.StartRequestSpan("comms.gather", input.RequestId);
        var profile = await profiles.GetAsync(input.AccountId, cancellationToken);
        var target = (input.Target ?? new CommsTarget()).FillFrom(profile?.ToTarget());
        RequireAddress(input.Channel, target);
        var locale = input.Locale ?? profile?.Locale ?? DefaultLocale;

        var mergeFields = await work.PutAsync(
            input.RequestId,
            "merge-fields.json",
            "application/json",
            Encoding.UTF8.GetBytes(input.Data?.ToJsonString() ?? "{}"),
            cancellationToken);
        var result = new GatherResult(target, locale, input.CommsType, renderer.Version);
        await details.SaveAsync(new CommsDetail(input.RequestId, target, locale, input.CommsType, renderer.Version, mergeFields.BlobName), cancellationToken);
        return result;
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
