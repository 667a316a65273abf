using Comms.Core.Domain;
using Comms.Core.Text;

namespace Comms.Core.Ports;

/// <summary>Merges a template with a model. Templates are trusted code shipped with the app; request data is always encoded.</summary>
public interface ITemplateRenderer
{
    /// <summary>Renders one part (see <see cref="ChannelParts"/>) of a comms type's template set for a channel.</summary>
    /// <exception cref="TemplateNotFoundException">No template for that comms type, channel and part.</exception>
    Task<string> RenderAsync(string commsType, Channel channel, string part, TemplateModel model, CancellationToken cancellationToken = default);

    /// <summary>Whether every part of <paramref name="channel"/> has a template for <paramref name="commsType"/> (the intake refuses a request that has none).</summary>
    bool HasTemplates(string commsType, Channel channel);

    /// <summary>The version of the template set in use (recorded on the detail row).</summary>
    string Version { get; }
}

public sealed class TemplateNotFoundException(string message) : Exception(message);

public static class TemplateRendererExtensions
{
    /// <summary>The first channel of the request (its chain's, or its one) without templates for its comms type, or null.</summary>
    public static Channel? MissingChannel(this ITemplateRenderer templates, CommsRequest request)
    {
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(request);
        return request.AllChannels.Cast<Channel?>().FirstOrDefault(c => !templates.HasTemplates(request.CommsType, c!.Value));
    }
}
