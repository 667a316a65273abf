namespace Comms.Infrastructure.Providers.Acs;

/// <summary>Azure Communication Services, bound from <c>Comms:Acs</c>.</summary>
public sealed class AcsOptions
{
    public const string Section = "Comms:Acs";

    /// <summary><c>endpoint=https://….communication.azure.com/;accesskey=BASE64</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>How often the e-mail operation is polled when the service gives no <c>Retry-After</c>.</summary>
    public TimeSpan EmailPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one send waits for the e-mail operation to finish before the workflow retries it (asking the service first).</summary>
    public TimeSpan EmailPollTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
