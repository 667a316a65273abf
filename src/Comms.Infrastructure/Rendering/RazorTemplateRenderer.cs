using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Templating;
using Comms.Core.Text;
using RazorLight;
using RazorLight.Compilation;
using RazorLight.Razor;
using TemplateNotFoundException = Comms.Core.Ports.TemplateNotFoundException;

namespace Comms.Infrastructure.Rendering;

/// <summary>
/// Renders the Razor templates embedded in this assembly (<c>Templates/{CommsType}/{channel}.{part}.cshtml</c>), and
/// the files of published template versions (README, Template versions), with one RazorLight engine, which compiles
/// each template once and keeps it in memory.
/// Register it as a singleton: the engine and its compiled templates live as long as it does.
/// </summary>
public sealed partial class RazorTemplateRenderer : ITemplateRenderer
{
    private const string RootNamespace = "Comms.Infrastructure.Templates";
    private const string Extension = ".cshtml";
    private static readonly Assembly TemplateAssembly = typeof(RazorTemplateRenderer).Assembly;

    private readonly RazorLightEngine engine;
    private readonly VersionedRazorProject project;

    /// <summary>Template keys (<c>InvoiceReady.email.html</c>) by the same key in any letter case.</summary>
    private readonly FrozenDictionary<string, string> templateKeys;

    public RazorTemplateRenderer()
    {
        var resources = TemplateAssembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(RootNamespace + ".", StringComparison.Ordinal) && name.EndsWith(Extension, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        templateKeys = resources
            .Select(name => name[(RootNamespace.Length + 1)..^Extension.Length])
            .ToFrozenDictionary(key => key, key => key, StringComparer.OrdinalIgnoreCase);
        Version = VersionOf(resources);
        project = new VersionedRazorProject(new EmbeddedRazorProject(TemplateAssembly, RootNamespace));
        engine = new RazorLightEngineBuilder()
            .UseProject(project)
            .SetOperatingAssembly(TemplateAssembly)
            .UseMemoryCachingProvider()
            .Build();
    }

    /// <summary><c>embedded-</c> and a hash of the embedded templates: it changes exactly when a template does.</summary>
    public string Version { get; }

    public async Task<string> RenderAsync(TemplateSet set, Channel channel, string part, TemplateModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(model);
        cancellationToken.ThrowIfCancellationRequested();
        var (key, contentType) = Resolve(set, channel, part, model.Culture);

        string rendered;
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            // The model formats merge fields in its own culture; this makes anything else a template formats
            // (a number written directly, say) follow the request's culture rather than the host's.
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = model.Culture;
            rendered = await engine.CompileRenderAsync(key, model);
        }
        catch (TemplateCompilationException e)
        {
            throw CompileError(key, e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"The template '{FileOf(key)}' failed to render: {e.Message}", e);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }

        return contentType.StartsWith("text/html", StringComparison.Ordinal) ? rendered : AsPlainText(part, rendered);
    }

    /// <summary>True once the template of that comms type, channel and part is compiled and cached by the engine.</summary>
    internal bool IsCompiled(string commsType, Channel channel, string part) =>
        engine.Handler.Cache.Contains(Resolve(TemplateSet.Embedded(commsType), channel, part, CultureInfo.InvariantCulture).Key);

    /// <summary>Every part but the letter's PDF, which is printed from its HTML, has a template (a default one, in a version).</summary>
    public bool HasTemplates(TemplateSet set, Channel channel)
    {
        ArgumentNullException.ThrowIfNull(set);
        var parts = ChannelParts.For(channel).Where(p => p.Part != ChannelParts.Pdf);
        return TemplateFiles.IsCommsTypeName(set.CommsType)
            && (set.Files is { } files
                ? parts.All(p => files.ContainsKey(TemplateFiles.PathOf(null, channel, p.Part)))
                : parts.All(p => templateKeys.ContainsKey($"{set.CommsType}.{channel.WireName()}.{p.Part}")));
    }

    /// <summary>
    /// The one place that maps a request to a template, in the request's locale (README, Templates and locales): the
    /// comms type's folder for the culture (<c>cy-GB/</c>), else for its language (<c>cy/</c>), else the default
    /// (English). Embedded templates are resources; a version's files are compiled under a key made of a hash of their
    /// text, so a file shared by several versions (or validated, then published) compiles once.
    /// </summary>
    private (string Key, string ContentType) Resolve(TemplateSet set, Channel channel, string part, CultureInfo culture)
    {
        var channelParts = ChannelParts.For(channel);
        var contentType = channelParts.FirstOrDefault(p => p.Part == part)?.ContentType;
        if (contentType is null)
        {
            throw new TemplateNotFoundException($"The {channel.WireName()} channel has no '{part}' part; it has {string.Join(", ", channelParts.Select(p => p.Part))}.");
        }

        // A comms type is a plain name, so that it can never reach another resource (a layout, say) by its dots.
        string? key = null;
        if (TemplateFiles.IsCommsTypeName(set.CommsType))
        {
            key = set.Files is { } files
                ? TemplateFiles.Resolve(files, channel, part, culture) is { } path ? project.Add(path, files[path]) : null
                : TryLocalised(set.CommsType, channel, part, culture, out var embedded) ? embedded : null;
        }

        return key is null
            ? throw new TemplateNotFoundException($"There is no template for comms type '{set.CommsType}'{(set.Version is { } v ? $" version {v}" : "")}, channel {channel.WireName()}, part '{part}'.")
            : (key, contentType);
    }

    /// <summary>The embedded template of a part in a locale: <c>{type}.{cy_GB}.{channel}.{part}</c>, then <c>{type}.{cy}.…</c>, then <c>{type}.{channel}.{part}</c>.</summary>
    private bool TryLocalised(string commsType, Channel channel, string part, CultureInfo culture, out string key)
    {
        foreach (var locale in TemplateFiles.LocaleFallbacks(culture))
        {
            // Folder names reach resource names with '-' as '_' (cy-GB/ is "cy_GB").
            var name = locale is null ? $"{commsType}.{channel.WireName()}.{part}" : $"{commsType}.{locale.Replace('-', '_')}.{channel.WireName()}.{part}";
            if (templateKeys.TryGetValue(name, out key!))
            {
                return true;
            }
        }

        key = "";
        return false;
    }

    /// <summary>
    /// The file, line and reason of the first compile error. Razor writes <c>#line</c> directives naming the template,
    /// so a diagnostic's mapped span is the line in the template's own text (for a layout, the layout's).
    /// </summary>
    private static TemplateCompileException CompileError(string key, TemplateCompilationException e)
    {
        var diagnostic = e.CompilationDiagnostics is { Count: > 0 } diagnostics ? diagnostics[0] : null;
        if (diagnostic is null)
        {
            return new TemplateCompileException(FileOf(key), null, string.Join(" | ", e.CompilationErrors), e);
        }

        if (diagnostic.LineSpan is not { } span)
        {
            return new TemplateCompileException(FileOf(key), null, diagnostic.ErrorMessage, e);
        }

        var file = span.Path is { Length: > 0 } path ? FileOf(path) : FileOf(key);
        return new TemplateCompileException(file, span.StartLinePosition.Line + 1, diagnostic.ErrorMessage, e);
    }

    /// <summary>A version's path from its compile key (<c>@{hash}/{path}</c>), or an embedded key as it is.</summary>
    private static string FileOf(string key)
    {
        var name = key.TrimStart('/');
        return name.StartsWith('@') && name.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash ? name[(slash + 1)..] : name;
    }

    private static string AsPlainText(string part, string rendered)
    {
        var text = WebUtility.HtmlDecode(rendered);
        if (part is ChannelParts.Subject or ChannelParts.Title)
        {
            return Whitespace().Replace(text, " ").Trim();
        }

        // Templates indent their text; a reader should not see that, nor more than one blank line in a row.
        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    private static string VersionOf(IReadOnlyList<string> resources)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in resources)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name + "\n"));
            using var stream = TemplateAssembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"The embedded template {name} cannot be read.");
            using var content = new MemoryStream();
            stream.CopyTo(content);
            hash.AppendData(content.ToArray());
        }

        return "embedded-" + Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
