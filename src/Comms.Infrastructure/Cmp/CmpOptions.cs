using System.Text.RegularExpressions;

namespace Comms.Infrastructure.Cmp;

/// <summary>
/// <c>Comms:Cmp</c>: where Gather reads an account's data from CMP, the billing platform's customer-management system
/// (README, Account data from CMP). Unset <see cref="AccountUrl"/> means the profile CMP pushed is read instead.
/// </summary>
public sealed partial class CmpOptions
{
    public const string Section = "Comms:Cmp";

    /// <summary>The placeholder of <see cref="AccountUrl"/>, replaced by the URL-escaped account id.</summary>
    public const string AccountIdPlaceholder = "{accountId}";

    /// <summary>An absolute http(s) URL template containing <c>{accountId}</c>: <c>https://cmp.example.com/accounts/{accountId}</c>.</summary>
    public string AccountUrl { get; set; } = "";

    /// <summary>The header that carries <see cref="ApiKey"/> (<c>x-api-key</c>); set both or neither.</summary>
    public string? ApiKeyHeader { get; set; }

    public string? ApiKey { get; set; }

    /// <summary>The Entra scope of a token from the app's credential, sent as a Bearer token (<c>api://cmp/.default</c>).</summary>
    public string? Scope { get; set; }

    /// <summary>The most one attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most one read may take, retries and their waits included.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait before a retry; each later one doubles (with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long an answer is kept; 0 turns the cache off.</summary>
    public int CacheSeconds { get; set; } = 60;

    /// <summary>The problems that make these settings unusable, named by their keys.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(AccountUrl.Replace(AccountIdPlaceholder, "x", StringComparison.Ordinal), UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || !AccountUrl.Contains(AccountIdPlaceholder, StringComparison.Ordinal))
        {
            yield return $"{Section}:AccountUrl must be an absolute http(s) URL containing {AccountIdPlaceholder}.";
        }

        var hasHeader = !string.IsNullOrWhiteSpace(ApiKeyHeader);
        var hasKey = !string.IsNullOrEmpty(ApiKey);
        if (hasHeader != hasKey)
        {
            yield return $"{Section}:ApiKeyHeader and {Section}:ApiKey go together: set both or neither.";
        }
        else if (hasHeader && !HeaderNamePattern().IsMatch(ApiKeyHeader!))
        {
            yield return $"{Section}:ApiKeyHeader must be an HTTP header name.";
        }

        if (hasHeader && !string.IsNullOrWhiteSpace(Scope))
        {
            yield return $"{Section}: set an API key ({Section}:ApiKeyHeader and ApiKey) or {Section}:Scope, not both.";
        }

        if (Timeout <= TimeSpan.Zero || TotalTimeout < Timeout)
        {
            yield return $"{Section}:Timeout must be positive and {Section}:TotalTimeout at least Timeout.";
        }

        if (RetryDelay <= TimeSpan.Zero)
        {
            yield return $"{Section}:RetryDelay must be positive.";
        }

        if (CacheSeconds < 0)
        {
            yield return $"{Section}:CacheSeconds must be 0 (no cache) or more.";
        }
    }

    /// <summary>An RFC 9110 token.</summary>
    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderNamePattern();
}
