using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using Comms.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Comms.Infrastructure.Tests.Telemetry;

public sealed class TelemetryRegistrationTests
{
    private const string ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=https://127.0.0.1:9/";

    [Fact]
    public void The_Azure_Monitor_exporter_is_configured_with_the_connection_string_and_the_app_credential()
    {
        using var services = Build(new() { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ConnectionString });

        var options = services.GetRequiredService<IOptionsMonitor<AzureMonitorExporterOptions>>().Get(Options.DefaultName);
        Assert.Equal(ConnectionString, options.ConnectionString);
        Assert.Same(services.GetRequiredService<TokenCredential>(), options.Credential);
    }

    [Fact]
    public void Without_a_connection_string_nothing_is_exported_to_Azure_Monitor()
    {
        var services = new ServiceCollection();
        services.AddCommsTelemetry(new ConfigurationBuilder().Build());

        Assert.DoesNotContain(services, d => d.ServiceType.FullName?.Contains("AzureMonitor", StringComparison.Ordinal) == true
            || d.ImplementationType?.FullName?.Contains("AzureMonitor", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("/api/comms", true)]
    [InlineData("/api/comms/abc/status", true)]
    [InlineData("/api/health", false)]
    [InlineData("/TaskHubSidecarService/GetWorkItems", false)]
    [InlineData("/", false)]
    public void Only_API_requests_are_traced(string path, bool traced) =>
        Assert.Equal(traced, TelemetryServiceCollectionExtensions.IsTracedRequest(new PathString(path)));

    [Fact]
    public void Storage_and_gRPC_calls_are_plumbing_and_other_calls_are_traced()
    {
        using var storage = new HttpRequestMessage(HttpMethod.Get, "https://acct.queue.core.windows.net/q/messages");
        storage.Headers.TryAddWithoutValidation("User-Agent", "azsdk-net-Storage.Queues/12.28.1 (.NET 10.0; Linux)");
        using var tables = new HttpRequestMessage(HttpMethod.Get, "https://acct.table.core.windows.net/T");
        tables.Headers.TryAddWithoutValidation("User-Agent", "azsdk-net-Data.Tables/12.13.0 (.NET 10.0; Linux)");
        using var grpc = new HttpRequestMessage(HttpMethod.Post, "http://localhost/TaskHubSidecarService/Hello")
        {
            Content = new ByteArrayContent([]),
        };
        grpc.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        using var webhook = new HttpRequestMessage(HttpMethod.Post, "https://crm.example.com/comms");

        Assert.True(TelemetryServiceCollectionExtensions.IsPlumbing(storage));
        Assert.True(TelemetryServiceCollectionExtensions.IsPlumbing(tables));
        Assert.True(TelemetryServiceCollectionExtensions.IsPlumbing(grpc));
        Assert.False(TelemetryServiceCollectionExtensions.IsPlumbing(webhook));
    }

    private static ServiceProvider Build(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddCommsTelemetry(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return services.BuildServiceProvider();
    }
}
