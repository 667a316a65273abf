namespace Comms.Infrastructure.Providers.NotificationHubs;

/// <summary>A Notification Hubs connection string: the namespace's base URL and one shared access key.</summary>
public sealed record NotificationHubsConnection(Uri BaseUrl, string KeyName, string Key)
{
    /// <exception cref="FormatException">A part is missing or the endpoint is not a URL.</exception>
    public static NotificationHubsConnection Parse(string connectionString, string? endpointOverride)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => (Eq: p.IndexOf('=', StringComparison.Ordinal), Pair: p))
            .Where(p => p.Eq > 0)
            .ToDictionary(p => p.Pair[..p.Eq], p => p.Pair[(p.Eq + 1)..], StringComparer.OrdinalIgnoreCase);
        string Required(string name) => parts.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"The Notification Hubs connection string needs {name}=….");

        var endpoint = string.IsNullOrWhiteSpace(endpointOverride) ? Required("Endpoint") : endpointOverride;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            throw new FormatException("The Notification Hubs endpoint is not an absolute URL.");
        }

        // sb://NS.servicebus.windows.net/ is reached over https.
        var builder = new UriBuilder(uri) { Scheme = uri.Scheme == "sb" ? Uri.UriSchemeHttps : uri.Scheme, Port = uri.Scheme == "sb" ? -1 : uri.Port };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return new NotificationHubsConnection(builder.Uri, Required("SharedAccessKeyName"), Required("SharedAccessKey"));
    }
}
