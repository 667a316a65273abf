namespace Comms.Core.Domain;

/// <summary>The contact profile of an account: the "default fields gathered from CMP" that Gather reads.</summary>
public sealed record AccountProfile(
    string AccountId,
    string? Name,
    string? Email,
    string? Phone,
    PostalAddress? PostalAddress,
    string? InstallationId,
    string? ExternalSystem,
    string? Locale)
{
    public CommsTarget ToTarget() => new(Name, Email, Phone, PostalAddress, InstallationId, ExternalSystem);
}
