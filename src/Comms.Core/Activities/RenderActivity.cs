using System.Text;
using System.Text.Json.Nodes;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Telemetry;
using Comms.Core.Templating;
using Comms.Core.Text;
using Comms.Core.Workflow;

namespace Comms.Core.Activities;

/// <summary>
/// The seed's Email and Letter Monitors: merges the gathered data (the request's, with the account's fields under it
/// when it has any: <see cref="GatherResult.MergeFields"/>) with the channel's templates and keeps each
/// rendered part in the work container. A letter's PDF is printed from its rendered HTML.
/// </summary>
public sealed class RenderActivity(TemplateSets templates, IPdfRenderer pdf, IWorkStore work) : ICommsActivity<RenderInput, RenderResult>
{
    public async Task<RenderResult> RunAsync(RenderInput input, CancellationToken cancellationToken = default)
    {
        using var span = CommsTelemetry.StartRequestSpan("comms.render", input.Request.RequestId);
        var request = input.Request;
        // The account's fields under the request's data, as Gather wrote them; only the request's when the account has none.
        var data = input.Gathered.MergeFields is { } blob
            ? JsonNode.Parse(await work.GetAsync(blob, cancellationToken)) as JsonObject
            : request.Data;
        var model = new TemplateModel(request.RequestId, request.AccountId, request.CommsType, input.Gathered.Target, data, input.Gathered.Locale);
        // The version the request took at intake (README, Template versions); reading it is a storage step, retried as one.
        var set = await templates.GetAsync(request.CommsType, request.TemplateVersion, cancellationToken);
        IReadOnlyList<RenderedPart> parts;
        try
        {
            parts = await ChannelRendering.RenderAsync(templates.Renderer, pdf, set, request.Channel, model, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Templates ship with the app and the data is fixed: the same render fails the same way on a retry,
            // and so does a document the printer fails on or cannot finish in time.
            throw new PermanentSendException($"Rendering {request.Channel.WireName()} of {request.CommsType} failed: {e.Message}", e);
        }

        var artefacts = new List<Artefact>();
        var inline = parts.All(p => p.Text is not null) && parts.Sum(p => p.Content.Length) <= Artefact.InlineLimit;
        foreach (var (part, content, text) in parts)
        {
            artefacts.Add(inline
                ? new Artefact(part.FileName, part.ContentType, "", content.Length, Hashing.Sha256Hex(content), text)
                : await work.PutAsync(request.RequestId, part.FileName, part.ContentType, content, cancellationToken));
        }

        return new RenderResult(artefacts);
    }
}
