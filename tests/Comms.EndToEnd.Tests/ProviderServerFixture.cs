using Comms.Testing;
using Comms.Testing.Fakes;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// A Comms.Server whose channels use their real protocols against the in-test fakes: SMS and e-mail through
/// ACS, push through Notification Hubs, push to external as a Standard Webhook to the system "crm". Configured
/// only through the contract's keys, with http:// loopback endpoints. It has an Azurite of its own: servers on one
/// storage account share the <c>workflow-events</c> queue, and this one must not take the other fixture's events.
/// </summary>
public sealed class ProviderServerFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public FakeAcs Acs { get; } = new();

    public FakeNotificationHubs NotificationHubs { get; } = new();

    public WebhookReceiver Crm { get; } = new();

    public CommsServerProcess Server { get; private set; } = null!;

    /// <summary>The settings of a server using the fakes; the base settings (storage, durable) are the shared fixture's.</summary>
    public static Dictionary<string, string> Settings(Azurite azurite, MailDev mailDev, string taskHub, FakeAcs acs, FakeNotificationHubs hubs, WebhookReceiver crm)
    {
        var settings = CommsServerFixture.Settings(azurite, mailDev, taskHub);
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
        return settings;
    }

    public async Task InitializeAsync()
    {
        Azurite = await Azurite.StartAsync();
        await Task.WhenAll(Acs.StartAsync(), NotificationHubs.StartAsync(), Crm.StartAsync());
        Server = new CommsServerProcess(Settings(Azurite, await MailDev.SharedAsync(), "prov" + Guid.NewGuid().ToString("N")[..8], Acs, NotificationHubs, Crm));
        await Server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Azurite.DisposeAsync();
        await Task.WhenAll(Acs.DisposeAsync().AsTask(), NotificationHubs.DisposeAsync().AsTask(), Crm.DisposeAsync().AsTask());
    }
}

[CollectionDefinition(Name)]
public sealed class ProviderServerCollection : ICollectionFixture<ProviderServerFixture>
{
    public const string Name = "Comms.Server with provider fakes";
}
