using System.Text.Json.Nodes;
using Comms.Core.Consent;
using Comms.Core.Templating;

namespace Comms.Core.Ports;

/// <summary>
/// A published, validated version of a comms type's templates: immutable once written (README, Template versions).
/// </summary>
/// <param name="Version">Assigned by the store: 1, 2, … per comms type.</param>
/// <param name="Files">The Razor text by path (<c>email.subject.cshtml</c>, <c>cy/sms.text.cshtml</c>).</param>
/// <param name="SampleData">The merge data the version was validated with, and what a preview uses by default.</param>
/// <param name="Report">What validation measured: per channel and locale, SMS segments and letter pages.</param>
/// <param name="Catalogue">The comms type's catalogue entry when the version brings one (a new comms type).</param>
public sealed record PublishedTemplates(
    string CommsType,
    int Version,
    DateTimeOffset PublishedAt,
    string PublishedBy,
    IReadOnlyDictionary<string, string> Files,
    JsonObject SampleData,
    IReadOnlyList<TemplateCheck> Report,
    CommsTypeInfo? Catalogue = null);

/// <summary>Which version of a comms type new requests use; none means the embedded templates.</summary>
public sealed record ActiveTemplates(string CommsType, int? Version, DateTimeOffset ActivatedAt, string ActivatedBy);

/// <summary>The <c>comms-templates</c> container: versions of each comms type's templates and which one is active.</summary>
public interface ITemplateStore
{
    /// <summary>Writes a new version with the next number (the given <see cref="PublishedTemplates.Version"/> is ignored) and returns it.</summary>
    Task<PublishedTemplates> AddAsync(PublishedTemplates version, CancellationToken cancellationToken = default);

    Task<PublishedTemplates?> GetAsync(string commsType, int version, CancellationToken cancellationToken = default);

    /// <summary>Every version of a comms type, oldest first.</summary>
    Task<IReadOnlyList<PublishedTemplates>> ListAsync(string commsType, CancellationToken cancellationToken = default);

    /// <summary>The active version, or null when none was ever activated (the embedded templates).</summary>
    Task<ActiveTemplates?> GetActiveAsync(string commsType, CancellationToken cancellationToken = default);

    Task SetActiveAsync(ActiveTemplates active, CancellationToken cancellationToken = default);
}
