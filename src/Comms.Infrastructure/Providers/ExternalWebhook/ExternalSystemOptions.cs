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

/// <summary>The push-to-external targets, bound from <c>Comms:External</c> (<c>Systems:{name}:Url</c>, <c>Secret</c>).</summary>
public sealed class ExternalSystemsOptions
{
    public const string Section = "Comms:External";

    public Dictionary<string, ExternalSystemOptions> Systems { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The problems that make these settings unusable, named by their keys.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (name, system) in Systems)
        {
            var key = $"{ExternalSystemOptions.Section}:{name}";
            if (!Uri.TryCreate(system.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                yield return $"{key}:Url must be an http(s) URL.";
            }

            if (!Core.Webhooks.StandardWebhook.IsValidSecret(system.Secret))
            {
                yield return $"{key}:Secret is not valid: a Standard Webhooks secret (whsec_BASE64) is required.";
            }
        }
    }
}
