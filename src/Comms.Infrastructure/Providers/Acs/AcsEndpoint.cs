using Comms.Infrastructure.Channels.Sms;
using Comms.Infrastructure.Channels.Email;
using Comms.Infrastructure.Channels;
using Comms.Infrastructure.Providers.Smtp;
namespace Comms.Infrastructure.Providers.Acs;

/// <summary>The ACS resource the senders call (ending in '/'), however its requests are authenticated.</summary>
public sealed record AcsEndpoint(Uri BaseUrl);
