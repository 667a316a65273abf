using System.Net;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Server;
using Comms.Server.Http;
using Comms.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// Comms.Server built and started inside the test process (its services reachable, e.g. the DurableTaskClient or
/// in-memory telemetry exporters), on its own Azurite: every Comms.Server listens on <c>workflow-events</c>, and
/// only <see cref="CommsServerFixture"/>'s may take the shared Azurite's messages.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private InProcessServer(Azurite azurite, WebApplication app, HttpClient http) => (Azurite, App, Http) = (azurite, app, http);

    public Azurite Azurite { get; }

    public WebApplication App { get; }

    /// <summary>A client that sends the admin key.</summary>
    public HttpClient Http { get; }

    public static async Task<InProcessServer> StartAsync(string taskHubPrefix, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var azurite = await Azurite.StartAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Comms:Durable:Backend"] = "AzureStorage",
            ["Comms:Durable:TaskHub"] = taskHubPrefix + Guid.NewGuid().ToString("N")[..8],
        });
        builder.Configuration.AddInMemoryCollection(CommsHost.KeySettings.Select(k => new KeyValuePair<string, string?>(k.Key.Replace("__", ":", StringComparison.Ordinal), k.Value)));
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddCommsServer();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapCommsApi();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var http = new HttpClient { BaseAddress = new Uri(address + "/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("x-functions-key", CommsHost.ApiKey);
        await Eventually.True(async () => (await http.GetAsync("api/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(90), "the in-process Comms.Server to report healthy");
        return new InProcessServer(azurite, app, http);
    }

    /// <remarks>
    /// Azurite is left running (scripts/test.sh stops it with the run): the durable backend's partition manager may
    /// still be releasing its leases after the host's shutdown timeout, and with its storage gone it gives up after ten
    /// minutes by throwing on a background thread, which would end the whole test process.
    /// </remarks>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
