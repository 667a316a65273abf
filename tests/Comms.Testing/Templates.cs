using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Templating;
using Comms.Core.Text;
using Microsoft.Extensions.Options;

namespace Comms.Testing;

/// <summary>Template sets for tests of the intake: every comms type has templates except <see cref="UnknownCommsType"/>.</summary>
public sealed class Templates : ITemplateRenderer
{
    public const string UnknownCommsType = "NoSuchType";

    public static ITemplateRenderer All { get; } = new Templates();

    /// <summary><see cref="All"/> with no published versions: every request takes the embedded templates.</summary>
    public static TemplateSets Sets { get; } = SetsOver(All);

    public string Version => "test";

    /// <summary>The template sets of a renderer, with a store that has no versions.</summary>
    public static TemplateSets SetsOver(ITemplateRenderer renderer) =>
        new(new NoVersions(), renderer, Options.Create(new TemplateOptions()), TimeProvider.System);

    public bool HasTemplates(TemplateSet set, Channel channel) => set?.CommsType != UnknownCommsType;

    public Task<string> RenderAsync(TemplateSet set, Channel channel, string part, TemplateModel model, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("These tests do not render.");

    private sealed class NoVersions : ITemplateStore
    {
        public Task<PublishedTemplates> AddAsync(PublishedTemplates version, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("These tests publish nothing.");

        public Task<PublishedTemplates?> GetAsync(string commsType, int version, CancellationToken cancellationToken = default) =>
            Task.FromResult<PublishedTemplates?>(null);

        public Task<IReadOnlyList<PublishedTemplates>> ListAsync(string commsType, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<PublishedTemplates>>([]);

        public Task<ActiveTemplates?> GetActiveAsync(string commsType, CancellationToken cancellationToken = default) =>
            Task.FromResult<ActiveTemplates?>(null);

        public Task SetActiveAsync(ActiveTemplates active, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("These tests activate nothing.");
    }
}
