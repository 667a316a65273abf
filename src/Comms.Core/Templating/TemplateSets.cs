using System.Collections.Concurrent;
using Comms.Core.Consent;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Microsoft.Extensions.Options;

namespace Comms.Core.Templating;

/// <summary>
/// Which templates a request renders with (README, Template versions): the version active for its comms type when it
/// arrived, recorded on the request (<see cref="CommsRequest.TemplateVersion"/>), so a request that waits (a send time,
/// quiet hours, a retry) keeps it whatever is activated meanwhile; none active means the embedded templates. Versions
/// are immutable, so each is read from storage once per instance; the active version is re-read after
/// <see cref="TemplateOptions.ActiveCacheDuration"/>, and at once on the instance that activates one.
/// </summary>
public sealed class TemplateSets(ITemplateStore store, ITemplateRenderer renderer, IOptions<TemplateOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (int? Version, DateTimeOffset ReadAt)> active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string CommsType, int Version), PublishedTemplates> versions = new();

    public ITemplateRenderer Renderer => renderer;

    /// <summary>The version new requests of a comms type use now, or null for the embedded templates.</summary>
    public async Task<int?> ActiveVersionAsync(string commsType, CancellationToken cancellationToken = default)
    {
        if (!TemplateFiles.IsCommsTypeName(commsType))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (active.TryGetValue(commsType, out var cached) && now - cached.ReadAt < options.Value.ActiveCacheDuration)
        {
            return cached.Version;
        }

        var version = (await store.GetActiveAsync(commsType, cancellationToken))?.Version;
        active[commsType] = (version, now);
        return version;
    }

    /// <summary>Tells this instance at once which version is active now (after an activation here).</summary>
    public void Activated(string commsType, int? version) => active[commsType] = (version, time.GetUtcNow());

    /// <summary>A published version, read once per instance; null when the comms type has no such version.</summary>
    public async Task<PublishedTemplates?> GetVersionAsync(string commsType, int version, CancellationToken cancellationToken = default)
    {
        if (!TemplateFiles.IsCommsTypeName(commsType) || version < 1)
        {
            return null;
        }

        if (versions.TryGetValue((commsType, version), out var known))
        {
            return known;
        }

        var read = await store.GetAsync(commsType, version, cancellationToken);
        return read is null ? null : versions.GetOrAdd((commsType, version), read);
    }

    /// <summary>The set a version names (null: the embedded templates).</summary>
    /// <exception cref="TemplateNotFoundException">The comms type has no such version.</exception>
    public async Task<TemplateSet> GetAsync(string commsType, int? version, CancellationToken cancellationToken = default)
    {
        if (version is not { } number)
        {
            return TemplateSet.Embedded(commsType);
        }

        var published = await GetVersionAsync(commsType, number, cancellationToken)
            ?? throw new TemplateNotFoundException($"Comms type '{commsType}' has no template version {number}.");
        return new TemplateSet(commsType, number, published.Files);
    }

    /// <summary>
    /// The request with the version it renders with (the one it carries, a resend's or a step's, else the active one),
    /// and the first of its channels that version has no templates for, if any.
    /// </summary>
    public async Task<(CommsRequest Request, Channel? Missing)> ForRequestAsync(CommsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = request.TemplateVersion ?? await ActiveVersionAsync(request.CommsType, cancellationToken);
        var set = await GetAsync(request.CommsType, version, cancellationToken);
        return (request with { TemplateVersion = version }, renderer.MissingChannel(set, request));
    }

    /// <summary>The catalogue entry the request's template version brought, if any (read once per instance).</summary>
    public async Task<CommsTypeInfo?> PublishedCatalogueAsync(CommsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.TemplateVersion is { } version ? (await GetVersionAsync(request.CommsType, version, cancellationToken))?.Catalogue : null;
    }

    /// <summary>The same, from what this instance has read already (Send asks <see cref="PublishedCatalogueAsync"/> first).</summary>
    public CommsTypeInfo? CachedCatalogue(CommsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.TemplateVersion is { } version && versions.TryGetValue((request.CommsType, version), out var published) ? published.Catalogue : null;
    }

    /// <summary>What a request's documents record as their template version: the number, or the embedded templates' hash.</summary>
    public string Label(int? version) => version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? renderer.Version;
}
