using Comms.Infrastructure.Channels.Sms;
using Comms.Infrastructure.Channels.Email;
using Comms.Infrastructure.Channels;
using Comms.Infrastructure.Providers.Acs;
using Comms.Infrastructure.Providers.Smtp;
namespace Comms.Infrastructure.Providers.NotificationHubs;

/// <summary>Azure Notification Hubs, bound from <c>Comms:NotificationHubs</c>.</summary>
public sealed class NotificationHubsOptions
{
    public const string Section = "Comms:NotificationHubs";

    /// <summary><c>Endpoint=sb://NS.servicebus.windows.net/;SharedAccessKeyName=…;SharedAccessKey=…</c>.</summary>
    public string ConnectionString { get; set; } = "";

    public string HubName { get; set; } = "";

    /// <summary>Overrides the base URL (<c>https://NS.servicebus.windows.net/</c>), e.g. <c>http://127.0.0.1:PORT/</c>.</summary>
    public string? Endpoint { get; set; }
}
