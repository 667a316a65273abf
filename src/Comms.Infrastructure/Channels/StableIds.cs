using System.Security.Cryptography;
using System.Text;

namespace Comms.Infrastructure.Channels;

/// <summary>Provider idempotency ids derived from a message's idempotency key, so every attempt of a send carries the same one.</summary>
internal static class StableIds
{
    /// <summary>A GUID (RFC 9562 version 8, name-based) from the SHA-256 of the key.</summary>
    public static Guid GuidFor(string idempotencyKey)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
