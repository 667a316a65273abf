using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// One running Comms (<see cref="HostKind"/>) on a real Azurite with the Azure Storage durable backend, e-mail over
/// SMTP into a real MailDev, status callbacks to a receiver of CMP's. The Comms.Server one takes the shared Azurite;
/// the Functions one its own, as every host listens on <c>workflow-events</c> and must take only its own messages.
/// </summary>
public abstract class CommsFixture(HostKind kind) : IAsyncLifetime
{
    public HostKind Kind { get; } = kind;

    public Azurite Azurite { get; private set; } = null!;

    public MailDev MailDev { get; private set; } = null!;

    public CommsHost Host { get; private set; } = null!;

    /// <summary>CMP's status-callback receiver, which this host posts every status change to.</summary>
    public CallbackReceiver Callbacks { get; private set; } = null!;

    /// <summary>The status-webhook partner <c>printhouse</c>, in the middle of a rotation: both secrets are valid.</summary>
    public static IReadOnlyList<string> PrintHouseSecrets { get; } = [NewSecret(), NewSecret()];

    /// <summary>A second partner, <c>crm</c>.</summary>
    public static string CrmSecret { get; } = NewSecret();

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public string TaskHub { get; } = "e2e" + Guid.NewGuid().ToString("N")[..8];

    public static Dictionary<string, string> Settings(Azurite azurite, MailDev mailDev, string taskHub, Uri? callbacks = null)
    {
        var settings = Settings(azurite, mailDev, taskHub);
        if (callbacks is not null)
        {
            settings["Comms__StatusCallbacks__Url"] = callbacks.ToString();
            settings["Comms__StatusCallbacks__Secret"] = CallbackReceiver.Secret;
            settings["Comms__StatusCallbacks__MaxAttempts"] = "3";
            settings["Comms__StatusCallbacks__FirstRetryDelay"] = "00:00:01";
            settings["Comms__StatusCallbacks__MaxRetryDelay"] = "00:00:02";
        }

        return settings;
    }

    public static Dictionary<string, string> Settings(Azurite azurite, MailDev mailDev, string taskHub) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Comms__Durable__Backend"] = "AzureStorage",
        ["Comms__Durable__TaskHub"] = taskHub,
        // Short enough that a killed host's unfinished work is picked up again within the test's patience (Functions
        // takes its minimum of a minute for the control queue; FunctionsHost.Translate).
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
        ["Comms__StatusWebhook__Partners__printhouse__Secrets__0"] = PrintHouseSecrets[0],
        ["Comms__StatusWebhook__Partners__printhouse__Secrets__1"] = PrintHouseSecrets[1],
        ["Comms__StatusWebhook__Partners__crm__Secrets__0"] = CrmSecret,
    };

    public async Task InitializeAsync()
    {
        if (Kind == HostKind.Functions && FunctionsApp.UnavailableReason is not null)
        {
            return; // Its tests are reported as skipped (HostFactAttribute).
        }

        // The shared Azurite's queues belong to the Comms.Server fixture: any other host in the tests takes its own
        // Azurite (Azurite.StartAsync), or it would take workflow-events messages meant for that one.
        Azurite = Kind == HostKind.Server ? await Azurite.SharedAsync() : await Azurite.StartAsync();
        MailDev = await MailDev.SharedAsync();
        Callbacks = await CallbackReceiver.StartAsync();
        Host = CommsHost.Create(Kind, Settings(Azurite, MailDev, TaskHub, Callbacks.Url));
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
            await Callbacks.DisposeAsync();
        }

        if (Kind == HostKind.Functions && Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
    }

    public sealed class OnServer() : CommsFixture(HostKind.Server);

    public sealed class OnFunctions() : CommsFixture(HostKind.Functions);
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<CommsFixture.OnServer>
{
    public const string Name = "Comms.Server";
}

[CollectionDefinition(Name)]
public sealed class FunctionsCollection : ICollectionFixture<CommsFixture.OnFunctions>
{
    public const string Name = "Comms.Functions";
}
