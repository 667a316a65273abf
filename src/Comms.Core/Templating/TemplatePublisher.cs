using System.Text.Json.Nodes;
using Comms.Core.Activities;
using Comms.Core.Consent;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Microsoft.Extensions.Options;

namespace Comms.Core.Templating;

/// <summary>The outcome of a publish: the stored version, or why none was stored.</summary>
public sealed record PublishResult(PublishedTemplates? Published, IReadOnlyList<TemplateProblem> Problems);

/// <summary>
/// Publishing and activating template versions (README, Template versions). A version is stored only once every file
/// compiles and every channel renders, in every locale it has, with its sample data, the SMS within
/// <see cref="TemplateOptions.MaxSmsSegments"/> and the letter within <see cref="TemplateOptions.MaxLetterPages"/>; so
/// whatever is activated is known to render. Activating one (or going back to an earlier one, or to the embedded
/// templates) changes what new requests use; requests already received keep theirs.
/// </summary>
public sealed class TemplatePublisher(TemplateSets sets, ITemplateStore store, IPdfRenderer pdf, IOptions<TemplateOptions> options, TimeProvider time)
{
    public const int MaxFiles = 200;
    public const int MaxFileCharacters = 128 * 1024;

    /// <summary>The recipient every channel is rendered for in validation: one with every kind of address.</summary>
    public static CommsTarget SampleTarget { get; } = new(
        "Ada Lovelace", Email: "ada@example.com", Phone: "+447700900123", InstallationId: "sample-installation", ExternalSystem: "sample-system",
        PostalAddress: new PostalAddress(["1 Example Street"], "London", "EC1A 1AA", "GB"));

    public async Task<PublishResult> PublishAsync(
        string commsType, IReadOnlyDictionary<string, string> files, JsonObject sampleData, CommsTypeInfo? catalogue, string publishedBy, CancellationToken cancellationToken = default)
    {
        var (problems, checks) = await ValidateAsync(commsType, files, sampleData, cancellationToken);
        if (problems.Count > 0)
        {
            return new PublishResult(null, problems);
        }

        var published = await store.AddAsync(
            new PublishedTemplates(commsType, 0, time.GetUtcNow(), publishedBy, files, sampleData, checks, catalogue), cancellationToken);
        return new PublishResult(published, []);
    }

    /// <summary>Every problem of a candidate set (none: it may be published), and what each channel measured.</summary>
    public async Task<(IReadOnlyList<TemplateProblem> Problems, IReadOnlyList<TemplateCheck> Checks)> ValidateAsync(
        string commsType, IReadOnlyDictionary<string, string> files, JsonObject sampleData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        var problems = new List<TemplateProblem>();
        var checks = new List<TemplateCheck>();
        if (files.Count > MaxFiles)
        {
            return ([new TemplateProblem("", null, $"A version has at most {MaxFiles} files; this one has {files.Count}.")], checks);
        }

        var parsed = new List<TemplateFile>();
        foreach (var (path, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (TemplateFiles.Parse(path, out var problem) is not { } file)
            {
                problems.Add(new TemplateProblem(path, null, problem!));
            }
            else if (text.Length > MaxFileCharacters)
            {
                problems.Add(new TemplateProblem(path, null, $"A file has at most {MaxFileCharacters} characters; this one has {text.Length}."));
            }
            else
            {
                parsed.Add(file);
            }
        }

        var channels = parsed.Select(f => f.Channel).Distinct().Order().ToList();
        if (channels.Count == 0 && problems.Count == 0)
        {
            problems.Add(new TemplateProblem("", null, "A version needs the files of at least one channel."));
        }

        foreach (var channel in channels)
        {
            foreach (var part in ChannelParts.For(channel).Where(p => p.Part != ChannelParts.Pdf))
            {
                var path = TemplateFiles.PathOf(null, channel, part.Part);
                if (!files.ContainsKey(path))
                {
                    problems.Add(new TemplateProblem(path, null, $"Missing: every channel of a version has its default (English) files, which locales fall back to; {channel.WireName()} needs {part.Part}."));
                }
            }
        }

        if (problems.Count > 0)
        {
            return (problems, checks);
        }

        var candidate = new TemplateSet(commsType, null, files);
        var max = options.Value;
        foreach (var channel in channels)
        {
            var locales = new string?[] { null }.Concat(parsed.Where(f => f.Channel == channel && f.Locale is not null).Select(f => f.Locale).Distinct().Order());
            foreach (var locale in locales)
            {
                var model = new TemplateModel("sample", "sample", commsType, SampleTarget, sampleData, locale ?? GatherActivity.DefaultLocale);
                IReadOnlyList<RenderedPart> parts;
                try
                {
                    parts = await ChannelRendering.RenderAsync(sets.Renderer, pdf, candidate, channel, model, cancellationToken);
                }
                catch (TemplateCompileException e)
                {
                    Add(problems, new TemplateProblem(e.File, e.Line, e.Reason));
                    continue;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Add(problems, new TemplateProblem(TemplateFiles.PathOf(locale, channel, ChannelParts.For(channel)[0].Part), null, e.Message));
                    continue;
                }

                var where = locale ?? "default";
                var file = TemplateFiles.Resolve(files, channel, ChannelParts.For(channel)[0].Part, model.Culture) ?? "";
                if (channel == Channel.Sms)
                {
                    var sms = SmsSegments.Of(parts[0].Text ?? "");
                    checks.Add(new TemplateCheck(channel.WireName(), where, Segments: sms.Segments, Encoding: sms.Encoding));
                    if (sms.Segments > max.MaxSmsSegments)
                    {
                        Add(problems, new TemplateProblem(file, null, $"With the sample data the SMS ({where}) takes {sms.Segments} segments ({sms.Encoding}, {sms.Characters} characters); at most {max.MaxSmsSegments} are allowed (Comms:Templates:MaxSmsSegments)."));
                    }
                }
                else if (parts.FirstOrDefault(p => p.Part.Part == ChannelParts.Pdf) is { } letter)
                {
                    var pages = PdfPageCount.Of(letter.Content);
                    checks.Add(new TemplateCheck(channel.WireName(), where, Pages: pages));
                    if (pages > max.MaxLetterPages)
                    {
                        Add(problems, new TemplateProblem(file, null, $"With the sample data the letter ({where}) prints {pages} pages; at most {max.MaxLetterPages} are allowed (Comms:Templates:MaxLetterPages)."));
                    }
                }
                else
                {
                    checks.Add(new TemplateCheck(channel.WireName(), where));
                }
            }
        }

        return (problems, checks);
    }

    /// <summary>Makes a version (null: the embedded templates) the one new requests of the comms type use, and returns the previous one.</summary>
    /// <returns>Null when there is no such version (nothing changed).</returns>
    /// <summary>
    /// Whether <paramref name="version"/> of the comms type can be made active: a published version, or (null) the
    /// embedded templates when the type has any. The API asks before it writes the audit entry of an activation.
    /// </summary>
    public async Task<bool> CanActivateAsync(string commsType, int? version, CancellationToken cancellationToken = default) =>
        version is { } number
            ? await sets.GetVersionAsync(commsType, number, cancellationToken) is not null
            : ChannelDescriptions.All.Any(c => sets.Renderer.HasTemplates(commsType, c.Channel));

    public async Task<(ActiveTemplates Active, int? Previous)?> ActivateAsync(string commsType, int? version, string activatedBy, CancellationToken cancellationToken = default)
    {
        if (!await CanActivateAsync(commsType, version, cancellationToken))
        {
            return null;
        }

        var previous = (await store.GetActiveAsync(commsType, cancellationToken))?.Version;
        var active = new ActiveTemplates(commsType, version, time.GetUtcNow(), activatedBy);
        await store.SetActiveAsync(active, cancellationToken);
        sets.Activated(commsType, version);
        return (active, previous);
    }

    private static void Add(List<TemplateProblem> problems, TemplateProblem problem)
    {
        if (!problems.Contains(problem))
        {
            problems.Add(problem);
        }
    }
}
