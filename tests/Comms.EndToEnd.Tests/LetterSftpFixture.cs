using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;
using Comms.Testing.Fakes;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// A running Comms (either host) whose letters go to a print house over SFTP and whose archive is on SFTP, both on a real OpenSSH
/// server on loopback; letters of more than <see cref="MaxPages"/> pages are refused by the printer. Account data comes
/// from CMP (<see cref="Cmp"/>, which knows every account as empty unless a test sets it), as a deployment that has it reads it.
/// </summary>
public abstract class LetterSftpFixture(HostKind kind) : IAsyncLifetime
{
    public const int MaxPages = 5;

    public Azurite Azurite { get; private set; } = null!;

    public SftpServer Sftp { get; private set; } = null!;

    public HostKind Kind { get; } = kind;

    public CommsHost Host { get; private set; } = null!;

    public FakeCmp Cmp { get; } = new() { UnknownAccounts = "{}" };

    public string PrintHouseDirectory { get; } = "printhouse-" + Guid.NewGuid().ToString("N")[..8];

    public string ArchiveDirectory { get; } = "archive-" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync()
    {
        if (Kind == HostKind.Functions && FunctionsApp.UnavailableReason is not null)
        {
            return; // Its tests are reported as skipped (HostFactAttribute).
        }

        // Its own Azurite: every host listens on workflow-events, and only CommsFixture.OnServer's may take the shared one's messages.
        Azurite = await Azurite.StartAsync();
        var mailDev = await MailDev.SharedAsync();
        Sftp = await SftpServer.StartAsync();
        await Cmp.StartAsync();
        var settings = CommsFixture.Settings(Azurite, mailDev, "e2esftp" + Guid.NewGuid().ToString("N")[..8]);
        settings["Comms__Letter__Delivery"] = "Sftp";
        settings["Comms__Archive__Provider"] = "Sftp";
        settings["Comms__Pdf__MaxPages"] = MaxPages.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Comms__Cmp__AccountUrl"] = Cmp.AccountUrl;
        settings["Comms__Cmp__Timeout"] = "00:00:02";
        settings["Comms__Cmp__RetryDelay"] = "00:00:00.200";
        foreach (var (key, value) in Sftp.Settings("Comms__Sftp__PrintHouse", PrintHouseDirectory).Concat(Sftp.Settings("Comms__Sftp__Archive", ArchiveDirectory)))
        {
            settings[key] = value;
        }

        Host = CommsHost.Create(Kind, settings);
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Host is null)
        {
            return;
        }

        await Host.DisposeAsync();
        await Sftp.DisposeAsync();
        await Cmp.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    public sealed class OnServer() : LetterSftpFixture(HostKind.Server);

    public sealed class OnFunctions() : LetterSftpFixture(HostKind.Functions);
}

[CollectionDefinition(Name)]
public sealed class LetterSftpCollection : ICollectionFixture<LetterSftpFixture.OnServer>
{
    public const string Name = "Comms.Server with SFTP";
}

[CollectionDefinition(Name)]
public sealed class LetterSftpFunctionsCollection : ICollectionFixture<LetterSftpFixture.OnFunctions>
{
    public const string Name = "Comms.Functions with SFTP";
}
