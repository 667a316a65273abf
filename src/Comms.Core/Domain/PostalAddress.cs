namespace Comms.Core.Domain;

public sealed record PostalAddress(IReadOnlyList<string>? Lines, string? City, string? Postcode, string? Country);
