using System.Text.Json.Nodes;

namespace Comms.Core.Domain;

/// <summary>The contact profile of an account: the "default fields gathered from CMP" that Gather reads.</summary>
/// <param name="TimeZone">The account's IANA time zone (<c>Europe/London</c>).</param>
/// <param name="PreferredChannel">The channel the customer prefers, as CMP records it.</param>
/// <param name="Fields">Extra merge fields for the templates, under the request's own <c>data</c>.</param>
public sealed record AccountProfile(
    string AccountId,
    string? Name,
    string? Email,
    string? Phone,
    PostalAddress? PostalAddress,
    string? InstallationId,
    string? ExternalSystem,
    string? Locale,
    string? TimeZone = null,
    Channel? PreferredChannel = null,
    JsonObject? Fields = null)
{
    public CommsTarget ToTarget() => new(Name, Email, Phone, PostalAddress, InstallationId, ExternalSystem);
}
