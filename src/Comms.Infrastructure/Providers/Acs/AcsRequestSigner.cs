using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Comms.Infrastructure.Providers.Acs;

/// <summary>
/// The HMAC-SHA256 scheme of Azure Communication Services: <c>x-ms-content-sha256</c> = base64 SHA-256 of the
/// body bytes, and a signature over <c>VERB\nPathAndQuery\nDATE;HOST;HASH</c> keyed by the decoded access key.
/// HOST is the URI's authority: the port is included when it is not the scheme's default.
/// </summary>
public static class AcsRequestSigner
{
    public const string DateHeader = "x-ms-date";
    public const string ContentHashHeader = "x-ms-content-sha256";
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    public static string ContentHash(ReadOnlySpan<byte> body) => Convert.ToBase64String(SHA256.HashData(body));

    /// <summary>The <c>x-ms-date</c> value: RFC 1123, as the service expects.</summary>
    public static string FormatDate(DateTimeOffset now) => now.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    public static string StringToSign(string method, Uri uri, string date, string contentHash) =>
        $"{method.ToUpperInvariant()}\n{uri.PathAndQuery}\n{date};{uri.Authority};{contentHash}";

    /// <summary>The <c>Authorization</c> header value.</summary>
    public static string Authorization(byte[] accessKey, string method, Uri uri, string date, string contentHash)
    {
        var signature = Convert.ToBase64String(HMACSHA256.HashData(accessKey, Encoding.UTF8.GetBytes(StringToSign(method, uri, date, contentHash))));
        return $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={signature}";
    }
}
