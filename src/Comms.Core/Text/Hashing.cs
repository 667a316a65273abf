using System.Security.Cryptography;

namespace Comms.Core.Text;

public static class Hashing
{
    /// <summary>Lower-case hex SHA-256 of the bytes.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
