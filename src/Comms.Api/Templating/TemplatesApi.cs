using System.Text.Json.Nodes;
using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Comms.Core.Text;
using Microsoft.AspNetCore.Http;

namespace Comms.Api.Templating;

/// <summary>
/// <c>POST /api/templates/{commsType}/preview</c> (README, Templates and locales): renders every channel of a comms type
/// with the given data and locale, as a request would be rendered, and returns it: nothing is sent or stored. With
/// <c>?part={file}</c> (<c>letter.pdf</c>, <c>email.html</c>, …) the one part alone, with its content type.
/// </summary>
public sealed class TemplatesApi(ITemplateRenderer templates, IPdfRenderer pdf)
{
    public const int MaxBodyBytes = 256 * 1024;

    public async Task<IResult> PreviewAsync(string commsType, HttpRequest http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var channels = ChannelDescriptions.All.Select(c => c.Channel).Where(c => templates.HasTemplates(commsType, c)).ToList();
        if (channels.Count == 0)
        {
            return CommsApi.NotFound("comms type", commsType);
        }

        var body = await CommsApi.ReadBodyAsync(http, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return CommsApi.TooLarge(MaxBodyBytes);
        }

        var errors = new InputErrors();
        var root = body.Length == 0 ? [] : JsonInput.ParseObject(body, errors);
        var part = http.Query["part"].ToString();
        if (part.Length > 0 && !channels.SelectMany(ChannelParts.For).Any(p => p.FileName == part))
        {
            errors.Add("part", $"Must be one of {string.Join(", ", channels.SelectMany(ChannelParts.For).Select(p => p.FileName))}.");
        }

        var data = root?["data"] switch
        {
            null => null,
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => Invalid<JsonObject>(errors, "data", "Must be an object."),
        };
        var locale = (root is null ? null : SubmissionParser.ParseLocale(root, "locale", errors)) ?? Comms.Core.Activities.GatherActivity.DefaultLocale;

        var target = new CommsTarget("Ada Lovelace", PostalAddress: new PostalAddress(["1 Example Street"], "London", "EC1A 1AA", "GB"));
        if (root?["target"] is { } targetNode)
        {
            if (targetNode is JsonObject targetObject && SubmissionParser.ParseProfile("preview", targetObject) is { Profile: { } profile })
            {
                target = profile.ToTarget().FillFrom(target);
            }
            else
            {
                errors.Add("target", "Must be a target object (name, email, phone, postalAddress, …) with valid fields.");
            }
        }

        if (errors.Any || root is null)
        {
            return Results.ValidationProblem(errors.ToDictionary(), title: "The preview request is invalid.");
        }

        var model = new TemplateModel("preview", "preview", commsType, target, data, locale);
        var rendered = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            if (part.Length > 0 && !ChannelParts.For(channel).Any(p => p.FileName == part))
            {
                continue;
            }

            IReadOnlyList<RenderedPart> parts;
            try
            {
                parts = await ChannelRendering.RenderAsync(templates, pdf, commsType, channel, model, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                rendered[channel.WireName()] = new Dictionary<string, object> { ["error"] = e.Message };
                continue;
            }

            if (part.Length > 0)
            {
                var one = parts.Single(p => p.Part.FileName == part);
                return Results.Bytes(one.Content, one.Part.ContentType);
            }

            rendered[channel.WireName()] = View(channel, parts);
        }

        return part.Length > 0
            ? Results.Problem(title: "The part could not be rendered.", detail: string.Join(" ", rendered.Values.OfType<Dictionary<string, object>>().Select(v => v["error"])), statusCode: StatusCodes.Status422UnprocessableEntity)
            : Results.Json(new TemplatePreview(commsType, model.Culture.Name, templates.Version, rendered), CommsJson.Options);
    }

    /// <summary>A channel's parts by name, the PDF as base64 with its page count, an SMS with its encoding and segments.</summary>
    private static Dictionary<string, object> View(Channel channel, IReadOnlyList<RenderedPart> parts)
    {
        var view = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (part, content, text) in parts)
        {
            if (text is not null)
            {
                view[part.Part] = text;
            }
            else
            {
                view[part.Part] = Convert.ToBase64String(content);
                view["pages"] = Comms.Infrastructure.Pdf.PdfPageCount.Of(content);
            }
        }

        if (channel == Channel.Sms && parts.Single().Text is { } sms)
        {
            var segments = SmsSegments.Of(sms);
            (view["encoding"], view["characters"], view["segments"]) = (segments.Encoding, segments.Characters, segments.Segments);
        }

        return view;
    }

    private static T? Invalid<T>(InputErrors errors, string field, string message)
        where T : class
    {
        errors.Add(field, message);
        return null;
    }
}

/// <summary>A comms type rendered for a preview: each channel's parts by name.</summary>
public sealed record TemplatePreview(string CommsType, string Locale, string TemplateVersion, IReadOnlyDictionary<string, object> Channels);
