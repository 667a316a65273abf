using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Comms.Core.Webhooks;

/// <summary>
/// Standard Webhooks signing (https://www.standardwebhooks.com): <c>webhook-signature: v1,{base64 HMAC-SHA256}</c>
/// over <c>{webhook-id}.{webhook-timestamp}.{raw body}</c>, keyed by the base64 key of a <c>whsec_…</c> secret.
/// The one implementation for both directions: signing what Comms sends (push to external, status callbacks)
/// and verifying what partners send (the status webhook).
/// </summary>
public static class StandardWebhook
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    public const string SecretPrefix = "whsec_";

    /// <summary>How far a timestamp may be from now before a webhook is refused (replay window).</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>The HMAC key of a <c>whsec_…</c> secret (the prefix is optional).</summary>
    /// <exception cref="FormatException">The secret is not base64.</exception>
    public static byte[] DecodeSecret(string secret)
    {
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        return Convert.FromBase64String(encoded);
    }

    /// <summary>True when <paramref name="secret"/> is a usable <c>whsec_…</c> secret (a non-empty base64 key).</summary>
    public static bool IsValidSecret(string? secret)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(secret) && DecodeSecret(secret.Trim()).Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The <c>webhook-signature</c> value for a message: <c>v1,{base64}</c>.</summary>
    public static string Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Hmac(key, id, timestamp, body));

    /// <summary>
    /// A POST of the JSON <paramref name="body"/> to <paramref name="url"/> carrying the three Standard Webhooks headers;
    /// signed when <paramref name="key"/> is not empty. The one way Comms sends a webhook.
    /// </summary>
    public static HttpRequestMessage CreateRequest(Uri url, string id, long timestamp, byte[] body, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(key);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(IdHeader, id);
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        if (key.Length > 0)
        {
            request.Headers.Add(SignatureHeader, Sign(key, id, timestamp, body));
        }

        return request;
    }

    /// <summary>
    /// True when any <c>v1</c> signature of the (space-separated) header matches, compared in constant time.
    /// The caller checks the timestamp window and replays.
    /// </summary>
    public static bool Verify(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body, string signatureHeader)
    {
        var expected = Hmac(key, id, timestamp, body);
        var match = false;
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue;
            }

            var presented = new byte[expected.Length];
            if (Convert.TryFromBase64String(candidate[3..], presented, out var written) && written == expected.Length)
            {
                match |= CryptographicOperations.FixedTimeEquals(expected, presented);
            }
        }

        return match;
    }

    /// <summary>True when a unix-seconds timestamp is within <see cref="Tolerance"/> of <paramref name="now"/>.</summary>
    public static bool IsFresh(long timestamp, DateTimeOffset now) =>
        Math.Abs(now.ToUnixTimeSeconds() - timestamp) <= (long)Tolerance.TotalSeconds;

    private static byte[] Hmac(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, content);
    }
}
