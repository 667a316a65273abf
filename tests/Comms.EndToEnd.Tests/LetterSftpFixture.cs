using Comms.Testing;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// A Comms.Server whose letters go to a print house over SFTP and whose archive is on SFTP, both on a real OpenSSH
/// server on loopback; letters of more than <see cref="MaxPages"/> pages are refused by the printer.
/// </summary>
public sealed class LetterSftpFixture : IAsyncLifetime
{
    public const int MaxPages = 5;

    public Azurite Azurite { get; private set; } = null!;

    public SftpServer Sftp { get; private set; } = null!;

    public CommsServerProcess Server { get; private set; } = null!;

    public string PrintHouseDirectory { get; } = "printhouse-" + Guid.NewGuid().ToString("N")[..8];

    public string ArchiveDirectory { get; } = "archive-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        Azurite = await Azurite.SharedAsync();
        var mailDev = await MailDev.SharedAsync();
        Sftp = await SftpServer.StartAsync();
        var settings = CommsServerFixture.Settings(Azurite, mailDev, "e2esftp" + Guid.NewGuid().ToString("N")[..8]);
        settings["Comms__Letter__Delivery"] = "Sftp";
        settings["Comms__Archive__Provider"] = "Sftp";
        settings["Comms__Pdf__MaxPages"] = MaxPages.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (key, value) in Sftp.Settings("Comms__Sftp__PrintHouse", PrintHouseDirectory).Concat(Sftp.Settings("Comms__Sftp__Archive", ArchiveDirectory)))
        {
            settings[key] = value;
        }

        Server = new CommsServerProcess(settings);
        await Server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Sftp.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LetterSftpCollection : ICollectionFixture<LetterSftpFixture>
{
    public const string Name = "Comms.Server with SFTP";
}
