using Comms.Infrastructure.Channels.Sms;
using Comms.Infrastructure.Channels.Email;
using Comms.Infrastructure.Channels;
using Comms.Infrastructure.Providers.Acs;
using Comms.Infrastructure.Providers.Smtp;
namespace Comms.Infrastructure.Providers.ExternalWebhook;

/// <summary>One push-to-external target, bound from <c>Comms:External:Systems:{name}</c>.</summary>
public sealed class ExternalSystemOptions
{
    public const string Section = "Comms:External:Systems";

    /// <summary>Where the payload is POSTed.</summary>
    public string Url { get; set; } = "";

    /// <summary>The Standard Webhooks secret, <c>whsec_BASE64</c>.</summary>
    public string Secret { get; set; } = "";
}
