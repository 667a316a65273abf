using Comms.Core.Domain;
using Comms.Core.Text;

namespace Comms.Core.Ports;

/// <summary>
/// The templates of one comms type a render uses: the embedded defaults (<see cref="Files"/> null), a published
/// version (<see cref="Version"/> and its files, immutable), or a candidate being validated or previewed (files, no
/// version). Files are keyed by their path in a version (<c>email.subject.cshtml</c>, <c>cy/sms.text.cshtml</c>;
/// README, Template versions).
/// </summary>
public sealed record TemplateSet(string CommsType, int? Version = null, IReadOnlyDictionary<string, string>? Files = null)
{
    public static TemplateSet Embedded(string commsType) => new(commsType);

    /// <summary>Files that are not (yet) a version: compiled for this render only, never cached.</summary>
    public bool IsCandidate => Files is not null && Version is null;
}

/// <summary>Merges a template with a model. Templates are code an administrator publishes or the app ships; request data is always encoded.</summary>
public interface ITemplateRenderer
{
    /// <summary>Renders one part (see <see cref="ChannelParts"/>) of a template set for a channel.</summary>
    /// <exception cref="TemplateNotFoundException">No template for that comms type, channel and part.</exception>
    /// <exception cref="TemplateCompileException">A file of the set does not compile.</exception>
    Task<string> RenderAsync(TemplateSet set, Channel channel, string part, TemplateModel model, CancellationToken cancellationToken = default);

    /// <summary>Whether every part of <paramref name="channel"/> has a template in the set.</summary>
    bool HasTemplates(TemplateSet set, Channel channel);

    /// <summary>The version of the embedded templates (<c>embedded-</c> and a hash), recorded for requests that use them.</summary>
    string Version { get; }
}

public sealed class TemplateNotFoundException(string message) : Exception(message);

/// <summary>A template file does not compile: the file (a version's path, or the embedded key), its line, and the compiler's reason.</summary>
public sealed class TemplateCompileException(string file, int? line, string reason, Exception? inner = null)
    : Exception($"The template '{file}' does not compile{(line is null ? "" : $" (line {line})")}: {reason}", inner)
{
    public string File { get; } = file;

    public int? Line { get; } = line;

    public string Reason { get; } = reason;
}

public static class TemplateRendererExtensions
{
    /// <summary>Renders one part of the embedded templates of a comms type.</summary>
    public static Task<string> RenderAsync(this ITemplateRenderer templates, string commsType, Channel channel, string part, TemplateModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(templates);
        return templates.RenderAsync(TemplateSet.Embedded(commsType), channel, part, model, cancellationToken);
    }

    /// <summary>Whether the embedded templates of a comms type cover every part of the channel.</summary>
    public static bool HasTemplates(this ITemplateRenderer templates, string commsType, Channel channel)
    {
        ArgumentNullException.ThrowIfNull(templates);
        return templates.HasTemplates(TemplateSet.Embedded(commsType), channel);
    }

    /// <summary>The first channel of the request (its chain's, or its one) without templates in the set, or null.</summary>
    public static Channel? MissingChannel(this ITemplateRenderer templates, TemplateSet set, CommsRequest request)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(request);
        return request.AllChannels.Cast<Channel?>().FirstOrDefault(c => !templates.HasTemplates(set, c!.Value));
    }
}
