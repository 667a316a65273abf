namespace Comms.Infrastructure.Sftp;

/// <summary>
/// One SFTP server: <c>Comms:Sftp:PrintHouse</c> (letters) or <c>Comms:Sftp:Archive</c> (the long-term archive).
/// The server's host key is pinned: a connection to a server with another key is refused.
/// </summary>
public sealed class SftpOptions
{
    public const string PrintHouseSection = "Comms:Sftp:PrintHouse";
    public const string ArchiveSection = "Comms:Sftp:Archive";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 22;

    public string UserName { get; set; } = "";

    /// <summary>Password authentication; or <see cref="PrivateKeyPath"/>.</summary>
    public string? Password { get; set; }

    /// <summary>An OpenSSH private key file (unencrypted); tried before the password when both are set.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The folder files go to, relative to the login folder or absolute; created when missing.</summary>
    public string Directory { get; set; } = ".";

    /// <summary>The host key's fingerprint as <c>ssh-keygen -lf KEY -E sha256</c> prints it: <c>SHA256:…</c>.</summary>
    public string HostKeySha256 { get; set; } = "";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The problems that make these settings unusable, named by their keys under <paramref name="section"/>.</summary>
    public IEnumerable<string> Problems(string section)
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return $"{section}:Host is required.";
        }

        if (Port is <= 0 or > 65535)
        {
            yield return $"{section}:Port must be a TCP port (1-65535).";
        }

        if (string.IsNullOrWhiteSpace(UserName))
        {
            yield return $"{section}:UserName is required.";
        }

        if (string.IsNullOrEmpty(Password) && string.IsNullOrWhiteSpace(PrivateKeyPath))
        {
            yield return $"{section}:Password or {section}:PrivateKeyPath is required.";
        }

        if (!HostKeySha256.StartsWith("SHA256:", StringComparison.Ordinal) || HostKeySha256.Length < 20)
        {
            yield return $"{section}:HostKeySha256 is required, as ssh-keygen -lf KEY -E sha256 prints it (SHA256:...).";
        }
    }
}
