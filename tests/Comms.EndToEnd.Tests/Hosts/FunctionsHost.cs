using System.Diagnostics;
using System.Globalization;
using Comms.Core.Hosting;

namespace Comms.EndToEnd.Tests.Hosts;

/// <summary>
/// The published Comms.Functions on the real Azure Functions host (<see cref="FunctionsApp"/>), with the keys of
/// <see cref="CommsHost.KeySettings"/> as app settings; the host's own function keys are random and gate nothing
/// (every HTTP function is anonymous to the host, the app checks the key). The durable and queue settings the tests give under
/// Comms.Server's names become the host.json overrides Azure takes as app settings (<c>AzureFunctionsJobHost__…</c>).
/// </summary>
public sealed class FunctionsHost(IDictionary<string, string> settings) : CommsHost(settings)
{
    private const string DurableTask = "AzureFunctionsJobHost__extensions__durableTask__";
    private const string Queues = "AzureFunctionsJobHost__extensions__queues__";

    /// <summary>Comms.Server's setting → the host.json path that sets the same thing on Functions.</summary>
    private static readonly Dictionary<string, string> HostJsonNames = new(StringComparer.Ordinal)
    {
        ["Comms__Durable__TaskHub"] = DurableTask + "hubName",
        ["Comms__Durable__ControlQueueVisibilityTimeout"] = DurableTask + "storageProvider__controlQueueVisibilityTimeout",
        ["Comms__Durable__WorkItemQueueVisibilityTimeout"] = DurableTask + "storageProvider__workItemQueueVisibilityTimeout",
        ["Comms__Durable__MaxQueuePollingInterval"] = DurableTask + "storageProvider__maxQueuePollingInterval",
        ["Comms__Server__Queues__RetryDelay"] = Queues + "visibilityTimeout",
        ["Comms__Server__Queues__MaxDequeueCount"] = Queues + "maxDequeueCount",
        ["Comms__Server__Queues__MaxPollingInterval"] = Queues + "maxPollingInterval",
    };

    private readonly string secrets = Directory.CreateTempSubdirectory("comms-functions-keys-").FullName;

    public override HostKind Kind => HostKind.Functions;

    /// <summary>The control queue's visibility timeout, which Functions holds at a minute at least, plus the host's start and lease takeover.</summary>
    public override TimeSpan RecoveryPatience => TimeSpan.FromMinutes(4);

    /// <summary>The host.json value Functions takes for a Comms.Server setting; the control queue's timeout is at least the Functions minimum.</summary>
    public static KeyValuePair<string, string> Translate(string key, string value)
    {
        if (!HostJsonNames.TryGetValue(key, out var name))
        {
            return new(key, value);
        }

        if (key == "Comms__Durable__ControlQueueVisibilityTimeout")
        {
            var timeout = TimeSpan.Parse(value, CultureInfo.InvariantCulture);
            var minimum = HostBindings.Durable.ControlQueueVisibilityTimeout.Functions;
            value = (timeout < minimum ? minimum : timeout).ToString("c", CultureInfo.InvariantCulture);
        }

        return new(name, value);
    }

    protected override ProcessStartInfo StartInfo()
    {
        var info = new ProcessStartInfo(FunctionsApp.StartScript, [FunctionsApp.PublishedDirectory, Port.ToString(CultureInfo.InvariantCulture)]);
        info.Environment["FUNCTIONS_HOST_MASTER_KEY"] = "e2e-master-" + Guid.NewGuid().ToString("N");
        info.Environment["FUNCTIONS_SECRETS_PATH"] = secrets;

        // The start script's default environment, Development, is the one in which the host logs to standard output
        // (Output).
        foreach (var (key, value) in Settings.Select(s => Translate(s.Key, s.Value)))
        {
            info.Environment[key] = value;
        }

        return info;
    }

    protected override ValueTask DisposeResourcesAsync()
    {
        Directory.Delete(secrets, recursive: true);
        return ValueTask.CompletedTask;
    }
}
