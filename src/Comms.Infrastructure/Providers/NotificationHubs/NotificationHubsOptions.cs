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

    /// <summary>The problems that make these settings unusable, named by their keys.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(HubName))
        {
            yield return $"{Section}:HubName is required when Comms:Push:Provider is NotificationHubs.";
        }

        string? connectionProblem = null;
        try
        {
            NotificationHubsConnection.Parse(ConnectionString, Endpoint);
        }
        catch (FormatException e)
        {
            connectionProblem = $"{Section}:ConnectionString is not valid: {e.Message}";
        }

        if (connectionProblem is not null)
        {
            yield return connectionProblem;
        }
    }
}
