using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Comms.Core.Consent;

/// <summary>
/// <c>Comms:Consent</c>: the one-click unsubscribe link of non-mandatory e-mail (RFC 8058). Without a signing key and
/// a public base URL, e-mail carries no <c>List-Unsubscribe</c> header.
/// </summary>
public sealed class ConsentOptions
{
    public const string Section = "Comms:Consent";

    /// <summary>The HMAC-SHA256 key that signs unsubscribe links, base64, at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Where recipients reach Comms (<c>https://comms.example.com</c>): the links are <c>{PublicBaseUrl}/api/unsubscribe/{token}</c>.</summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>How long a link works after the e-mail was sent.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(60);

    public byte[]? Key() => SigningKey is { Length: > 0 } k && TryKey(k, out var bytes) ? bytes : null;

    public string? Problem() =>
        SigningKey is { Length: > 0 } k && !TryKey(k, out _) ? "Comms:Consent:SigningKey must be base64 of at least 32 bytes."
        : PublicBaseUrl is { } u && (!u.IsAbsoluteUri || u.Scheme is not ("http" or "https")) ? "Comms:Consent:PublicBaseUrl must be an absolute http(s) URL."
        : LinkLifetime <= TimeSpan.Zero ? "Comms:Consent:LinkLifetime must be positive."
        : null;

    private static bool TryKey(string text, out byte[] bytes)
    {
        bytes = new byte[text.Length];
        if (Convert.TryFromBase64String(text, bytes, out var written) && written >= 32)
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}

/// <summary>What an unsubscribe link stands for: the account and the category it leaves on e-mail.</summary>
public sealed record UnsubscribeClaim(string AccountId, string Category, DateTimeOffset Expires);

/// <summary>
/// Signs and checks unsubscribe links: <c>{base64url(payload)}.{base64url(HMAC-SHA256(key, first part))}</c>, the payload
/// <c>{"a": account, "c": category, "x": expiry in Unix seconds}</c>. A link cannot be changed or forged without the key.
/// </summary>
public sealed class UnsubscribeLinks(IOptions<ConsentOptions> options, TimeProvider time)
{
    public const string Route = "unsubscribe";

    /// <summary>The RFC 8058 headers for an e-mail of the account in the category, or none when links are not configured.</summary>
    public IReadOnlyDictionary<string, string> HeadersFor(string accountId, string category)
    {
        if (options.Value.Key() is not { } key || options.Value.PublicBaseUrl is not { } baseUrl)
        {
            return new Dictionary<string, string>();
        }

        var token = Sign(key, new UnsubscribeClaim(accountId, category, time.GetUtcNow() + options.Value.LinkLifetime));
        var url = $"{baseUrl.AbsoluteUri.TrimEnd('/')}/api/{Route}/{token}";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["List-Unsubscribe"] = $"<{url}>",
            ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
        };
    }

    /// <summary>The claim of a valid, unexpired token; otherwise null with the reason.</summary>
    public UnsubscribeClaim? Check(string? token, out string? problem)
    {
        problem = null;
        if (options.Value.Key() is not { } key)
        {
            problem = "Unsubscribe links are not configured.";
            return null;
        }

        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || token.Length > 1000 || dot <= 0)
        {
            problem = "The link is not an unsubscribe link.";
            return null;
        }

        var expected = Mac(key, token[..dot]);
        var given = FromBase64Url(token[(dot + 1)..]);
        if (given is null || !CryptographicOperations.FixedTimeEquals(expected, given))
        {
            problem = "The link's signature does not match: it was changed or not made by Comms.";
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(FromBase64Url(token[..dot]) ?? []);
            var root = payload.RootElement;
            var claim = new UnsubscribeClaim(
                root.GetProperty("a").GetString() ?? "",
                root.GetProperty("c").GetString() ?? "",
                DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("x").GetInt64()));
            if (claim.Expires < time.GetUtcNow())
            {
                problem = $"The link expired at {claim.Expires.UtcDateTime:O}; use the preferences in your account instead.";
                return null;
            }

            return claim;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            problem = "The link's content is not valid.";
            return null;
        }
    }

    internal static string Sign(byte[] key, UnsubscribeClaim claim)
    {
        var payload = ToBase64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["a"] = claim.AccountId,
            ["c"] = claim.Category,
            ["x"] = claim.Expires.ToUnixTimeSeconds(),
        }));
        return payload + "." + ToBase64Url(Mac(key, payload));
    }

    private static byte[] Mac(byte[] key, string payload) => HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(payload));

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        var buffer = new byte[s.Length];
        return Convert.TryFromBase64String(s, buffer, out var n) ? buffer[..n] : null;
    }
}
