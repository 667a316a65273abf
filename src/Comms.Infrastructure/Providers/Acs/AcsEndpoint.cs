namespace Comms.Infrastructure.Providers.Acs;

/// <summary>The ACS resource the senders call (ending in '/'), however its requests are authenticated.</summary>
public sealed record AcsEndpoint(Uri BaseUrl);
