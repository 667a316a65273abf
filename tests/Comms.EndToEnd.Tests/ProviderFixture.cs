using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;
using Comms.Testing.Fakes;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// A running Comms (either host) whose channels use their real protocols against the in-test fakes: SMS and e-mail through
/// ACS, push through Notification Hubs, push to external as a Standard Webhook to the system "crm". Configured
/// only through the contract's keys, with http:// loopback endpoints. It has an Azurite of its own: hosts on one
/// storage account share the <c>workflow-events</c> queue, and this one must not take the other fixtures' events.
/// </summary>
public abstract class ProviderFixture(HostKind kind) : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public FakeAcs Acs { get; } = new();

    public FakeNotificationHubs NotificationHubs { get; } = new();

    public WebhookReceiver Crm { get; } = new();

    public HostKind Kind { get; } = kind;

    public CommsHost Host { get; private set; } = null!;

    /// <summary>The key that signs unsubscribe links (README, Consent and preferences); links point at a public URL the tests replace with the host's.</summary>
    public static readonly string ConsentSigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The settings of a server using the fakes; the base settings (storage, durable) are the shared fixture's.</summary>
    public static Dictionary<string, string> Settings(Azurite azurite, MailDev mailDev, string taskHub, FakeAcs acs, FakeNotificationHubs hubs, WebhookReceiver crm)
    {
        var settings = CommsFixture.Settings(azurite, mailDev, taskHub);
        settings["Comms__Email__Provider"] = "Acs";
        settings["Comms__Email__From"] = "billing@comms.test";
        settings["Comms__Sms__Provider"] = "Acs";
        settings["Comms__Sms__From"] = "+18005550100";
        settings["Comms__Acs__ConnectionString"] = acs.ConnectionString;
        settings["Comms__Acs__EmailPollInterval"] = "00:00:00.200";
        settings["Comms__Push__Provider"] = "NotificationHubs";
        settings["Comms__NotificationHubs__ConnectionString"] = hubs.ConnectionString;
        settings["Comms__NotificationHubs__HubName"] = hubs.HubName;
        settings["Comms__NotificationHubs__Endpoint"] = hubs.BaseUrl.ToString();
        settings["Comms__External__Systems__crm__Url"] = crm.Url.ToString();
        settings["Comms__External__Systems__crm__Secret"] = crm.Secret;
        settings["Comms__Consent__SigningKey"] = ConsentSigningKey;
        settings["Comms__Consent__PublicBaseUrl"] = "https://comms.example.test/";

        // SMS only between 08:00 and 21:00 in the recipient's zone; no default zone, so only accounts that name one wait.
        settings["Comms__QuietHours__Channels__sms__Start"] = "08:00";
        settings["Comms__QuietHours__Channels__sms__End"] = "21:00";
        return settings;
    }

    public async Task InitializeAsync()
    {
        if (Kind == HostKind.Functions && FunctionsApp.UnavailableReason is not null)
        {
            return; // Its tests are reported as skipped (HostFactAttribute).
        }

        Azurite = await Azurite.StartAsync();
        await Task.WhenAll(Acs.StartAsync(), NotificationHubs.StartAsync(), Crm.StartAsync());
        Host = CommsHost.Create(Kind, Settings(Azurite, await MailDev.SharedAsync(), "prov" + Guid.NewGuid().ToString("N")[..8], Acs, NotificationHubs, Crm));
        await Host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Host is null)
        {
            return;
        }

        await Host.DisposeAsync();
        await Azurite.DisposeAsync();
        await Task.WhenAll(Acs.DisposeAsync().AsTask(), NotificationHubs.DisposeAsync().AsTask(), Crm.DisposeAsync().AsTask());
    }

    public sealed class OnServer() : ProviderFixture(HostKind.Server);

    public sealed class OnFunctions() : ProviderFixture(HostKind.Functions);
}

[CollectionDefinition(Name)]
public sealed class ProviderServerCollection : ICollectionFixture<ProviderFixture.OnServer>
{
    public const string Name = "Comms.Server with provider fakes";
}

[CollectionDefinition(Name)]
public sealed class ProviderFunctionsCollection : ICollectionFixture<ProviderFixture.OnFunctions>
{
    public const string Name = "Comms.Functions with provider fakes";
}
