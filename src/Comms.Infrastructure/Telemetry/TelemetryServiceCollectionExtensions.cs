using Azure.Core;
using Azure.Monitor.OpenTelemetry.Exporter;
using Comms.Core.Telemetry;
using Comms.Infrastructure.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Comms.Infrastructure.Telemetry;

/// <summary>OpenTelemetry for both hosts, registered once here: traces, metrics and logs.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The Durable Task SDK's own spans (orchestrations, activities), linked from the Comms spans.</summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    /// <summary>
    /// Collects the <see cref="CommsTelemetry"/> spans and metrics, the Durable Task SDK's spans, ASP.NET Core and
    /// HttpClient. Exports to Azure Monitor only when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set,
    /// authenticating with the app's credential (the resource's local auth is off). A host adds its own parts and
    /// exporters to the returned builder.
    /// </summary>
    public static IOpenTelemetryBuilder AddCommsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCommsAzureCredential(configuration);
        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("comms"))
            .WithTracing(tracing => tracing
                .AddSource(CommsTelemetry.Name, DurableTaskSource)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => IsTracedRequest(context.Request.Path))
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request => !IsPlumbing(request)))
            .WithMetrics(metrics => metrics
                .AddMeter(CommsTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithLogging();

        if (configuration[AppSettingNames.ApplicationInsightsConnectionString] is { Length: > 0 } connectionString)
        {
            builder.UseAzureMonitorExporter(options => options.ConnectionString = connectionString);
            services.AddOptions<AzureMonitorExporterOptions>()
                .Configure<TokenCredential>((options, credential) => options.Credential = credential);
        }

        return builder;
    }

    /// <summary>The API, not health probes or the durable sidecar's gRPC: a span per probe would be most of the bill at idle.</summary>
    internal static bool IsTracedRequest(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments("/api/health", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Calls that are the runtime's own, not a request's work: Azure Storage (the durable backend and the queue
    /// listener poll it every few seconds) and gRPC to the durable sidecar. Their metrics are still collected.
    /// </summary>
    internal static bool IsPlumbing(HttpRequestMessage request)
    {
        var userAgent = request.Headers.UserAgent.ToString();
        return userAgent.Contains("azsdk-net-Storage.", StringComparison.Ordinal)
            || userAgent.Contains("azsdk-net-Data.Tables", StringComparison.Ordinal)
            || request.Content?.Headers.ContentType?.MediaType == "application/grpc";
    }
}
