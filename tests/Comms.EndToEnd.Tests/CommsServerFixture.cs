using Comms.Testing;

namespace Comms.EndToEnd.Tests;

/// <summary>One Comms.Server on a real Azurite with the Azure Storage durable backend, e-mail over SMTP into a real MailDev.</summary>
public sealed class CommsServerFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public MailDev MailDev { get; private set; } = null!;

    public CommsServerProcess Server { get; private set; } = null!;

    public string TaskHub { get; } = "e2e" + Guid.NewGuid().ToString("N")[..8];

    public static Dictionary<string, string> Settings(Azurite azurite, MailDev mailDev, string taskHub) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Comms__Durable__Backend"] = "AzureStorage",
        ["Comms__Durable__TaskHub"] = taskHub,
        // Short enough that a killed server's unfinished work is picked up again within the test's patience.
        ["Comms__Durable__ControlQueueVisibilityTimeout"] = "00:00:10",
        ["Comms__Durable__WorkItemQueueVisibilityTimeout"] = "00:00:10",
        ["Comms__Email__Provider"] = "Smtp",
        ["Comms__Email__From"] = "comms@e2e.test",
        ["Comms__Smtp__Host"] = "127.0.0.1",
        ["Comms__Smtp__Port"] = mailDev.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Comms__Smtp__Security"] = "None",
        ["Comms__Sms__Provider"] = "Sandbox",
        ["Comms__Push__Provider"] = "Sandbox",
        ["Comms__Letter__Delivery"] = "Blob",
    };

    public async Task InitializeAsync()
    {
        Azurite = await Azurite.SharedAsync();
        MailDev = await MailDev.SharedAsync();
        Server = new CommsServerProcess(Settings(Azurite, MailDev, TaskHub));
        await Server.StartAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<CommsServerFixture>
{
    public const string Name = "Comms.Server";
}
