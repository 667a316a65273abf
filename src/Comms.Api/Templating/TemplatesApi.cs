using System.Text.Json.Nodes;
using Comms.Core.Consent;
using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Comms.Core.Templating;
using Comms.Core.Text;
using Microsoft.AspNetCore.Http;

namespace Comms.Api.Templating;

/// <summary>
/// The template routes (README, Templates and locales; Template versions). Publishing, activating and previewing are an
/// administrator's acts: templates are code.
/// <list type="bullet">
/// <item><c>POST /api/templates/{commsType}/versions</c>: validates a set of files and stores it as the next version.</item>
/// <item><c>GET /api/templates/{commsType}/versions</c>, <c>…/versions/{version}</c>: the versions, one with its files.</item>
/// <item><c>POST /api/templates/{commsType}/versions/{version}/activate</c>: what new requests use (a number, or <c>embedded</c>).</item>
/// <item><c>POST /api/templates/{commsType}/preview</c>: renders every channel as a request would, nothing sent or stored.</item>
/// </list>
/// </summary>
public sealed class TemplatesApi(TemplateSets sets, TemplatePublisher publisher, ITemplateStore store, IPdfRenderer pdf, Audit.AuditApi audit)
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The <c>{version}</c> that names the embedded templates.</summary>
    public const string EmbeddedVersion = "embedded";

    private ITemplateRenderer Templates => sets.Renderer;

    public async Task<IResult> PublishAsync(string commsType, HttpRequest http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var body = await CommsApi.ReadBodyAsync(http, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return CommsApi.TooLarge(MaxBodyBytes);
        }

        var errors = new InputErrors();
        if (!TemplateFiles.IsCommsTypeName(commsType))
        {
            errors.Add("commsType", "A comms type is a letter then letters and digits, at most 64.");
        }

        var root = body.Length == 0 ? Invalid<JsonObject>(errors, "$", "The body is a JSON object with files and sampleData.") : JsonInput.ParseObject(body, errors);
        var files = ParseFiles(root?["files"], errors, required: true);
        var sampleData = root?["sampleData"] switch
        {
            null => [],
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => Invalid<JsonObject>(errors, "sampleData", "Must be an object: the merge data every channel is rendered with before the version is stored."),
        };
        var catalogue = ParseCatalogue(root?["catalogue"], errors);
        if (errors.Any || root is null || files is null || sampleData is null)
        {
            return Results.ValidationProblem(errors.ToDictionary(), title: "The template version is invalid.");
        }

        var caller = Caller.Of(http.HttpContext);
        var result = await publisher.PublishAsync(commsType, files, sampleData, catalogue, caller.KeyName, cancellationToken);
        if (result.Published is not { } published)
        {
            return Results.Problem(
                title: "The template version is refused.",
                detail: string.Join(" ", result.Problems.Select(p => $"{p.File}{(p.Line is { } l ? $" line {l}" : "")}: {p.Reason}")),
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["problems"] = result.Problems });
        }

        // Recorded once the version has its number; a version changes nothing sent until it is activated, which is recorded first.
        await audit.RecordAsync(caller, AuditActions.TemplatePublish, AuditScope.Templates(commsType), $"{commsType}/{published.Version}", $"{files.Count} files", cancellationToken);
        var active = await store.GetActiveAsync(commsType, cancellationToken);
        return Results.Json(
            TemplateVersionView.Of(published, active?.Version == published.Version),
            CommsJson.Options,
            statusCode: StatusCodes.Status201Created);
    }

    public async Task<IResult> ListVersionsAsync(string commsType, CancellationToken cancellationToken = default)
    {
        if (!TemplateFiles.IsCommsTypeName(commsType))
        {
            return CommsApi.NotFound("comms type", commsType);
        }

        var versions = await store.ListAsync(commsType, cancellationToken);
        var embedded = ChannelDescriptions.All.Where(c => Templates.HasTemplates(commsType, c.Channel)).Select(c => c.Channel).ToList();
        if (versions.Count == 0 && embedded.Count == 0)
        {
            return CommsApi.NotFound("comms type", commsType);
        }

        var active = await store.GetActiveAsync(commsType, cancellationToken);
        return Results.Json(
            new TemplateVersionList(
                commsType,
                active?.Version,
                active is null ? null : new ActivationView(active.ActivatedAt, active.ActivatedBy),
                embedded.Count == 0 ? null : new EmbeddedTemplatesView(Templates.Version, embedded),
                versions.Select(v => TemplateVersionView.Of(v, active?.Version == v.Version)).ToList()),
            CommsJson.Options);
    }

    public async Task<IResult> GetVersionAsync(string commsType, string version, CancellationToken cancellationToken = default)
    {
        if (ParseVersion(version) is not { } number || await store.GetAsync(commsType, number, cancellationToken) is not { } published || !TemplateFiles.IsCommsTypeName(commsType))
        {
            return CommsApi.NotFound("template version", $"{commsType}/{version}");
        }

        var active = await store.GetActiveAsync(commsType, cancellationToken);
        return Results.Json(new TemplateVersionDetail(TemplateVersionView.Of(published, active?.Version == number), published.Files, published.SampleData), CommsJson.Options);
    }

    public async Task<IResult> ActivateAsync(string commsType, string version, HttpRequest http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var number = version == EmbeddedVersion ? null : ParseVersion(version);
        if ((version != EmbeddedVersion && number is null) || !TemplateFiles.IsCommsTypeName(commsType)
            || !await publisher.CanActivateAsync(commsType, number, cancellationToken))
        {
            return CommsApi.NotFound("template version", $"{commsType}/{version}");
        }

        var caller = Caller.Of(http.HttpContext);
        await audit.RecordAsync(caller, AuditActions.TemplateActivate, AuditScope.Templates(commsType), $"{commsType}/{version}", null, cancellationToken);
        if (await publisher.ActivateAsync(commsType, number, caller.KeyName, cancellationToken) is not { } activated)
        {
            return CommsApi.NotFound("template version", $"{commsType}/{version}");
        }

        return Results.Json(
            new ActivatedView(commsType, activated.Active.Version, activated.Previous, activated.Active.ActivatedAt, activated.Active.ActivatedBy),
            CommsJson.Options);
    }

    public async Task<IResult> PreviewAsync(string commsType, HttpRequest http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var body = await CommsApi.ReadBodyAsync(http, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return CommsApi.TooLarge(MaxBodyBytes);
        }

        var errors = new InputErrors();
        var root = body.Length == 0 ? [] : JsonInput.ParseObject(body, errors);
        if (root is null)
        {
            return Results.ValidationProblem(errors.ToDictionary(), title: "The preview request is invalid.");
        }

        // The files given, else the version named, else the version a request would use now.
        TemplateSet set;
        PublishedTemplates? published = null;
        if (root["files"] is { } filesNode)
        {
            if (root["version"] is not null)
            {
                errors.Add("version", "Give files or a version, not both.");
            }

            set = new TemplateSet(commsType, null, ParseFiles(filesNode, errors, required: true) ?? new Dictionary<string, string>());
        }
        else
        {
            int? version = null;
            switch (root["version"])
            {
                case null:
                    version = await sets.ActiveVersionAsync(commsType, cancellationToken);
                    break;
                case JsonValue v when v.TryGetValue<string>(out var name) && name == EmbeddedVersion:
                    break;
                case JsonValue v when v.TryGetValue<int>(out var number) && number > 0:
                    version = number;
                    break;
                default:
                    errors.Add("version", $"Must be a version number or \"{EmbeddedVersion}\".");
                    break;
            }

            published = version is { } n ? await sets.GetVersionAsync(commsType, n, cancellationToken) : null;
            if (version is not null && published is null)
            {
                return CommsApi.NotFound("template version", $"{commsType}/{version}");
            }

            set = published is null ? TemplateSet.Embedded(commsType) : new TemplateSet(commsType, published.Version, published.Files);
        }

        var channels = ChannelDescriptions.All.Select(c => c.Channel).Where(c => Templates.HasTemplates(set, c)).ToList();
        if (channels.Count == 0 && !errors.Any)
        {
            return set.Files is null ? CommsApi.NotFound("comms type", commsType) : Results.ValidationProblem(new Dictionary<string, string[]> { ["files"] = ["No channel has all its default files."] }, title: "The preview request is invalid.");
        }

        var part = http.Query["part"].ToString();
        if (part.Length > 0 && !channels.SelectMany(ChannelParts.For).Any(p => p.FileName == part))
        {
            errors.Add("part", $"Must be one of {string.Join(", ", channels.SelectMany(ChannelParts.For).Select(p => p.FileName))}.");
        }

        var data = root["data"] switch
        {
            null => (JsonObject?)published?.SampleData.DeepClone(),
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => Invalid<JsonObject>(errors, "data", "Must be an object."),
        };
        var locale = SubmissionParser.ParseLocale(root, "locale", errors) ?? Comms.Core.Activities.GatherActivity.DefaultLocale;

        var target = TemplatePublisher.SampleTarget;
        if (root["target"] is { } targetNode)
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

        if (errors.Any)
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
                parts = await ChannelRendering.RenderAsync(Templates, pdf, set, channel, model, cancellationToken);
            }
            catch (TemplateCompileException e)
            {
                rendered[channel.WireName()] = new Dictionary<string, object?> { ["error"] = e.Message, ["file"] = e.File, ["line"] = e.Line };
                continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                rendered[channel.WireName()] = new Dictionary<string, object?> { ["error"] = e.Message };
                continue;
            }

            if (part.Length > 0)
            {
                var one = parts.Single(p => p.Part.FileName == part);
                return Results.Bytes(one.Content, one.Part.ContentType);
            }

            rendered[channel.WireName()] = View(channel, parts);
        }

        var label = set.IsCandidate ? "files" : sets.Label(set.Version);
        return part.Length > 0
            ? Results.Problem(title: "The part could not be rendered.", detail: string.Join(" ", rendered.Values.OfType<Dictionary<string, object?>>().Select(v => v["error"])), statusCode: StatusCodes.Status422UnprocessableEntity)
            : Results.Json(new TemplatePreview(commsType, model.Culture.Name, label, rendered), CommsJson.Options);
    }

    private static int? ParseVersion(string version) =>
        int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    /// <summary><c>files</c>: an object of path → Razor text; the paths' rules are checked when the version is validated.</summary>
    private static Dictionary<string, string>? ParseFiles(JsonNode? node, InputErrors errors, bool required)
    {
        if (node is null)
        {
            if (required)
            {
                errors.Add("files", "Required: an object of path → Razor text (\"email.subject.cshtml\": \"…\").");
            }

            return null;
        }

        if (node is not JsonObject o)
        {
            errors.Add("files", "Must be an object of path → Razor text.");
            return null;
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, value) in o)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                files[path] = text;
            }
            else
            {
                errors.Add($"files.{path}", "Must be the file's text.");
            }
        }

        if (files.Count == 0 && !errors.Any)
        {
            errors.Add("files", "Must hold at least one file.");
        }

        return files;
    }

    /// <summary><c>catalogue</c>: the comms type's entry for a new type (category, mandatory, urgent).</summary>
    private static CommsTypeInfo? ParseCatalogue(JsonNode? node, InputErrors errors)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject o || o["category"] is not JsonValue c || !c.TryGetValue<string>(out var category) || !ConsentCategories.IsKnown(category))
        {
            errors.Add("catalogue", $"Must be an object with a category, one of {string.Join(", ", ConsentCategories.All)} (and mandatory, urgent: booleans).");
            return null;
        }

        bool Flag(string name)
        {
            if (o[name] is null)
            {
                return false;
            }

            if (o[name] is JsonValue value && value.TryGetValue<bool>(out var flag))
            {
                return flag;
            }

            errors.Add($"catalogue.{name}", "Must be true or false.");
            return false;
        }

        return new CommsTypeInfo(category, Flag("mandatory"), Flag("urgent"));
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
                view["pages"] = PdfPageCount.Of(content);
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
/// <param name="TemplateVersion">The version rendered (a number, or the embedded templates' <c>embedded-…</c>), or <c>files</c>.</param>
public sealed record TemplatePreview(string CommsType, string Locale, string TemplateVersion, IReadOnlyDictionary<string, object> Channels);

/// <summary>A published version as the version routes show it (its files by path; their text in <see cref="TemplateVersionDetail"/>).</summary>
public sealed record TemplateVersionView(
    string CommsType, int Version, DateTimeOffset PublishedAt, string PublishedBy, bool Active, IReadOnlyList<string> Files, IReadOnlyList<TemplateCheck> Report, CommsTypeInfo? Catalogue)
{
    public static TemplateVersionView Of(PublishedTemplates v, bool active)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.CommsType, v.Version, v.PublishedAt, v.PublishedBy, active, v.Files.Keys.Order(StringComparer.Ordinal).ToList(), v.Report, v.Catalogue);
    }
}

/// <summary>One version with the text of its files and its sample data.</summary>
public sealed record TemplateVersionDetail(TemplateVersionView Version, IReadOnlyDictionary<string, string> Files, JsonObject SampleData);

/// <summary>The embedded templates of a comms type: their hash and channels.</summary>
public sealed record EmbeddedTemplatesView(string Version, IReadOnlyList<Channel> Channels);

public sealed record ActivationView(DateTimeOffset ActivatedAt, string ActivatedBy);

/// <summary>A comms type's versions; <see cref="Active"/> null: new requests use the embedded templates.</summary>
public sealed record TemplateVersionList(string CommsType, int? Active, ActivationView? Activation, EmbeddedTemplatesView? Embedded, IReadOnlyList<TemplateVersionView> Versions);

/// <summary>The outcome of an activation: the version now active (null: the embedded templates) and the one before.</summary>
public sealed record ActivatedView(string CommsType, int? Active, int? Previous, DateTimeOffset ActivatedAt, string ActivatedBy);
