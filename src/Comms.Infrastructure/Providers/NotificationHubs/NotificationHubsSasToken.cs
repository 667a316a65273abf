using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Comms.Infrastructure.Providers.NotificationHubs;

/// <summary>
/// The Service Bus SAS token Notification Hubs accepts: <c>sr</c> = the URL-encoded, lower-case resource URI,
/// <c>sig</c> = base64 HMAC-SHA256 of <c>{sr}\n{se}</c> keyed by the key's UTF-8 bytes, <c>se</c> = expiry in unix
/// seconds, <c>skn</c> = the key's name.
/// </summary>
public static class NotificationHubsSasToken
{
    public static string Create(Uri resource, string keyName, string key, DateTimeOffset expiry)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var sr = Uri.EscapeDataString(resource.AbsoluteUri.ToLowerInvariant()).ToLowerInvariant();
        var se = expiry.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var sig = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(sr + "\n" + se)));
        return $"SharedAccessSignature sr={sr}&sig={WebUtility.UrlEncode(sig)}&se={se}&skn={keyName}";
    }
}
