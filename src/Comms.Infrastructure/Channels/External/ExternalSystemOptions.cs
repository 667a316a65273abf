namespace Comms.Infrastructure.Channels.External;

/// <summary>One push-to-external target, bound from <c>Comms:External:Systems:{name}</c>.</summary>
public sealed class ExternalSystemOptions
{
    public const string Section = "Comms:External:Systems";

    /// <summary>Where the payload is POSTed.</summary>
    public string Url { get; set; } = "";

    /// <summary>The Standard Webhooks secret, <c>whsec_BASE64</c>.</summary>
    public string Secret { get; set; } = "";
}
