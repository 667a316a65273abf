using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using RazorLight;
using RazorLight.Compilation;
using RazorLight.Razor;
using TemplateNotFoundException = Comms.Core.Ports.TemplateNotFoundException;

namespace Comms.Infrastructure.Rendering;

/// <summary>
/// Renders the Razor templates embedded in this assembly (<c>Templates/{CommsType}/{channel}.{part}.cshtml</c>)
/// with one RazorLight engine, which compiles each template once and keeps it in memory.
/// Register it as a singleton: the engine and its compiled templates live as long as it does.
/// </summary>
public sealed partial class RazorTemplateRenderer : ITemplateRenderer
{
    private const string RootNamespace = "Comms.Infrastructure.Templates";
    private const string Extension = ".cshtml";
    private static readonly Assembly TemplateAssembly = typeof(RazorTemplateRenderer).Assembly;

    private readonly RazorLightEngine engine;

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
        engine = new RazorLightEngineBuilder()
            .UseProject(new EmbeddedRazorProject(TemplateAssembly, RootNamespace))
            .SetOperatingAssembly(TemplateAssembly)
            .UseMemoryCachingProvider()
            .Build();
    }

    /// <summary><c>embedded-</c> and a hash of the embedded templates: it changes exactly when a template does.</summary>
    public string Version { get; }

    public async Task<string> RenderAsync(string commsType, Channel channel, string part, TemplateModel model, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (key, contentType) = Resolve(commsType, channel, part, model.Culture);

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
            throw new InvalidOperationException($"The template '{key}' does not compile: {string.Join(" | ", e.CompilationErrors)}", e);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"The template '{key}' failed to render: {e.Message}", e);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }

        return contentType.StartsWith("text/html", StringComparison.Ordinal) ? rendered : AsPlainText(part, rendered);
    }

    /// <summary>True once the template of that comms type, channel and part is compiled and cached by the engine.</summary>
    internal bool IsCompiled(string commsType, Channel channel, string part) =>
        engine.Handler.Cache.Contains(Resolve(commsType, channel, part, CultureInfo.InvariantCulture).Key);

    /// <summary>Every part but the letter's PDF, which is printed from its HTML, has a template.</summary>
    public bool HasTemplates(string commsType, Channel channel) =>
        !string.IsNullOrEmpty(commsType) && CommsTypeName().IsMatch(commsType)
        && ChannelParts.For(channel).Where(p => p.Part != ChannelParts.Pdf).All(p => templateKeys.ContainsKey($"{commsType}.{channel.WireName()}.{p.Part}"));

    /// <summary>
    /// The one place that maps a request to a template. Admin overrides from the <c>comms-templates</c> container
    /// would be looked up here, before the embedded defaults.
    /// </summary>
    /// <summary>
    /// The template of a part in the request's locale: the comms type's folder for the culture (<c>cy-GB/</c>), else for
    /// its language (<c>cy/</c>), else the type's own files (English, the default). So <c>cy-GB</c> falls back to
    /// <c>cy</c>, then to the default; <c>en-GB</c> finds the default.
    /// </summary>
    private (string Key, string ContentType) Resolve(string commsType, Channel channel, string part, CultureInfo culture)
    {
        var channelParts = ChannelParts.For(channel);
        var contentType = channelParts.FirstOrDefault(p => p.Part == part)?.ContentType;
        if (contentType is null)
        {
            throw new TemplateNotFoundException($"The {channel.WireName()} channel has no '{part}' part; it has {string.Join(", ", channelParts.Select(p => p.Part))}.");
        }

        // A comms type is a plain name, so that it can never reach another resource (a layout, say) by its dots.
        if (string.IsNullOrEmpty(commsType) || !CommsTypeName().IsMatch(commsType)
            || !TryLocalised(commsType, channel, part, culture, out var key))
        {
            throw new TemplateNotFoundException($"There is no template for comms type '{commsType}', channel {channel.WireName()}, part '{part}'.");
        }

        return (key, contentType);
    }

    /// <summary>
    /// Razor HTML-encodes every value it writes, which is right for HTML and wrong for a subject, a title or a
    /// text body, where "&amp;" would reach the reader as "&amp;amp;". Templates still write data through the
    /// encoder (never raw), and the text is decoded once here: the result is exactly the template's text with the data in it.
    /// Subjects and titles are one line: whitespace runs, including any line break in the data, become a space.
    /// </summary>
    private bool TryLocalised(string commsType, Channel channel, string part, CultureInfo culture, out string key)
    {
        // Folder names reach resource names with '-' as '_' (cy-GB/ is "cy_GB").
        foreach (var locale in new[] { culture.Name.Replace('-', '_'), culture.TwoLetterISOLanguageName }.Where(l => l.Length > 0 && l != "iv"))
        {
            if (templateKeys.TryGetValue($"{commsType}.{locale}.{channel.WireName()}.{part}", out key!))
            {
                return true;
            }
        }

        return templateKeys.TryGetValue($"{commsType}.{channel.WireName()}.{part}", out key!);
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

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex CommsTypeName();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
