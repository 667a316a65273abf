using System.Net;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// The real Azure Functions host on the published app and the repository's <c>host.json</c>: it must start with no
/// startup error, as Azure and <c>func start</c> would load it (the Durable extension validates host.json itself).
/// </summary>
public sealed class HostStartupOnFunctions
{
    private const string StartupError = "A host error has occurred during startup operation";

    [HostFact]
    public async Task The_functions_host_starts_on_the_repository_host_json_without_a_startup_error()
    {
        Assert.Equal(File.ReadAllText(RepositoryRoot.File("host.json")), File.ReadAllText(Path.Combine(FunctionsApp.PublishedDirectory, "host.json")));
        await using var azurite = await Azurite.StartAsync();
        await using var host = CommsHost.Create(HostKind.Functions, CommsFixture.Settings(azurite, await MailDev.SharedAsync(), "startup" + Guid.NewGuid().ToString("N")[..8]));

        await host.StartAsync();

        Assert.DoesNotContain(StartupError, host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("fail: Host.Startup", host.Output, StringComparison.Ordinal);
        using var health = await host.Http.GetAsync("api/health");
        Assert.Contains("\"durable\":true", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The guard above can fail: the control-queue timeout host.json had before (30 s) keeps the host down.</summary>
    [HostFact]
    public async Task A_host_json_value_the_durable_extension_refuses_keeps_the_host_down_with_a_startup_error()
    {
        await using var azurite = await Azurite.StartAsync();
        var settings = CommsFixture.Settings(azurite, await MailDev.SharedAsync(), "refused" + Guid.NewGuid().ToString("N")[..8]);
        settings.Remove("Comms__Durable__ControlQueueVisibilityTimeout");
        settings["AzureFunctionsJobHost__extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = "00:00:30";
        await using var host = CommsHost.Create(HostKind.Functions, settings);

        await host.StartAsync(waitUntilHealthy: false);

        await Eventually.True(() => Task.FromResult(host.Output.Contains(StartupError, StringComparison.Ordinal)), TimeSpan.FromSeconds(90), "the host to report its startup error");
        Assert.Contains("ControlQueueVisibilityTimeout must be between 1 and 60 minutes", host.Output, StringComparison.Ordinal);
        using var probe = new HttpClient { BaseAddress = host.BaseAddress };
        await Eventually.True(
            async () => (await probe.GetAsync("api/health")).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(60),
            "the host to answer 503 while it is down");
    }
}
