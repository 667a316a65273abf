using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Comms.Core.Text;

namespace Comms.Infrastructure.Storage;

/// <summary>Turns ids into valid Table keys, and times into keys that sort newest first.</summary>
internal static class TableKeys
{
    private const int MaxRawLength = 256;

    /// <summary>
    /// The id itself when it is plainly safe (letters, digits, <c>- _ . : @</c>, at most 256 chars); otherwise
    /// <c>~</c> + base64url of its UTF-8 bytes, or <c>~~</c> + its SHA-256 when even that is too long.
    /// Table keys forbid <c>/ \ # ?</c> and control characters and are limited to 1 KiB. Plain ids never start
    /// with <c>~</c> and base64url never contains it, so distinct ids get distinct keys (up to SHA-256 collisions).
    /// </summary>
    public static string Key(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length is > 0 and <= MaxRawLength && id.All(IsPlain))
        {
            return id;
        }

        var bytes = Encoding.UTF8.GetBytes(id);
        var encoded = "~" + Base64Url.EncodeToString(bytes);
        return encoded.Length <= MaxRawLength * 2 ? encoded : "~~" + Hashing.Sha256Hex(bytes);
    }

    /// <summary>A fixed-width key that sorts the latest time first.</summary>
    public static string Inverted(DateTimeOffset at) =>
        (DateTime.MaxValue.Ticks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '@';
}
