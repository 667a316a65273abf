using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;

namespace Comms.Testing;

/// <summary>Template sets for tests of the intake: every comms type has templates except <see cref="UnknownCommsType"/>.</summary>
public sealed class Templates : ITemplateRenderer
{
    public const string UnknownCommsType = "NoSuchType";

    public static ITemplateRenderer All { get; } = new Templates();

    public string Version => "test";

    public bool HasTemplates(string commsType, Channel channel) => commsType != UnknownCommsType;

    public Task<string> RenderAsync(string commsType, Channel channel, string part, TemplateModel model, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("These tests do not render.");
}
