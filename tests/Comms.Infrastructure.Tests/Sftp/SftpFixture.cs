using Comms.Infrastructure.Sftp;
using Comms.Testing;

namespace Comms.Infrastructure.Tests.Sftp;

/// <summary>A real OpenSSH server for a test class; each test writes to a folder of its own.</summary>
public sealed class SftpFixture : IAsyncLifetime
{
    public SftpServer Server { get; private set; } = null!;

    public SftpOptions Options(string directory, string? hostKeySha256 = null) => new()
    {
        Host = "127.0.0.1",
        Port = Server.Port,
        UserName = Server.UserName,
        PrivateKeyPath = Server.PrivateKeyPath,
        Directory = directory,
        HostKeySha256 = hostKeySha256 ?? Server.HostKeySha256,
    };

    /// <summary>A fresh folder name for one test.</summary>
    public static string NewFolder(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync() => Server = await SftpServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
