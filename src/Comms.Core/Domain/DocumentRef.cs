namespace Comms.Core.Domain;

/// <summary>A document kept in the long-term archive for a request.</summary>
public sealed record DocumentRef(string Name, string ContentType, long Length, string Sha256);
