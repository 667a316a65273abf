using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Azure.Storage.Queues;
using Comms.Core.Telemetry;
using Comms.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// The telemetry Comms.Server exports, caught by in-memory exporters added to its OpenTelemetry registration: a
/// Comms.Server in this process, with the Azure Storage durable backend on its own Azurite (its own
/// <c>workflow-events</c> queue, which the other tests' server must not share).
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly List<Activity> spans = [];
    private readonly List<Metric> metrics = [];
    private InProcessServer server = null!;

    private HttpClient Http => server.Http;

    public async Task InitializeAsync() =>
        server = await InProcessServer.StartAsync(
            "telemetry",
            new Dictionary<string, string?> { ["Comms:Email:Provider"] = "Sandbox" },
            builder =>
            {
                builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
                builder.Services.ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics));
            });

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task One_requests_spans_share_its_trace_from_the_HTTP_trigger_through_every_activity()
    {
        var id = "otel-" + Guid.NewGuid().ToString("N");
        using var response = await Http.PostAsJsonAsync("api/comms", Email(id, "ada@example.com"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitForStatusAsync(id, "delivered");

        // The orchestration's span ends when it completes, just after its last activity.
        var trace = CommsTelemetry.RequestContext(id).TraceId;
        var all = await Eventually.Get(
            () => Task.FromResult(Snapshot() is var s
                && s.Any(x => x.TraceId == trace && x.DisplayName == "comms.status delivered")
                && s.Any(x => x.TraceId == trace && x.DisplayName == "orchestration:CommsOrchestration") ? s : null),
            Patience,
            "the request's spans to be exported");
        var mine = all.Where(s => s.GetTagItem(CommsTelemetry.RequestIdTag) as string == id).ToList();

        var names = mine.Select(s => s.DisplayName).ToHashSet();
        Assert.Superset(
            new HashSet<string> { "comms.receive", "comms.gather", "comms.render", "comms.send", "comms.store", "comms.status processing", "comms.status sent" },
            names);
        Assert.All(mine, s => Assert.Equal(trace, s.TraceId));

        // The Durable Task SDK carries the trace from the orchestration's creation through its orchestration and
        // activity spans; each Comms step is a child of its Durable activity span (a plain request's steps all run in
        // Proceed, CommsWorkflow).
        var inTrace = all.Where(s => s.TraceId == trace).ToList();
        Assert.Contains(inTrace, s => s.Source.Name == "Microsoft.DurableTask" && s.DisplayName == "orchestration:CommsOrchestration");
        var send = mine.Single(s => s.DisplayName == "comms.send");
        Assert.Contains(inTrace, s => s.Source.Name == "Microsoft.DurableTask" && s.DisplayName == "activity:Proceed" && s.SpanId == send.ParentSpanId);

        // Polling storage and the sidecar's gRPC are not traced (they would be most of the telemetry at idle).
        // (The test's own calls to the server are traced: its HttpClient runs in this process.)
        Assert.Contains(all, s => s.Source.Name == "System.Net.Http" && Url(s).Contains("/api/comms", StringComparison.Ordinal));
        Assert.DoesNotContain(all, s => Url(s).Contains("devstoreaccount1", StringComparison.Ordinal) || Url(s).Contains("TaskHubSidecarService", StringComparison.Ordinal));
        Assert.DoesNotContain(all, s => s.DisplayName.Contains("TaskHubSidecarService", StringComparison.Ordinal) || s.DisplayName.Contains("/api/health", StringComparison.Ordinal));

        // The HTTP request that carried the submission is linked from the request's first span.
        var receive = mine.Single(s => s.DisplayName == "comms.receive");
        var link = Assert.Single(receive.Links);
        await Eventually.True(
            () => Task.FromResult(Snapshot().Any(s => s.Kind == ActivityKind.Server && s.SpanId == link.Context.SpanId && s.DisplayName.StartsWith("POST /api/comms", StringComparison.Ordinal))),
            Patience,
            "the linked span to be the POST /api/comms request");

        // Another request is another trace.
        Assert.NotEqual(trace, CommsTelemetry.RequestContext(id + "x").TraceId);
    }

    [Fact]
    public async Task The_counters_move_for_received_sent_failed_and_rejected_and_the_latency_is_recorded()
    {
        // Sent: an e-mail with an address; failed: one with none (no profile either), a permanent failure.
        var sent = "otel-sent-" + Guid.NewGuid().ToString("N");
        var failed = "otel-failed-" + Guid.NewGuid().ToString("N");
        using (var r = await Http.PostAsJsonAsync("api/comms", Email(sent, "ada@example.com")))
        {
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        }

        using (var r = await Http.PostAsJsonAsync("api/comms", Email(failed, email: null)))
        {
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        }

        // Rejected: a workflow event that is not one.
        var queue = new QueueClient(server.Azurite.ConnectionString, "workflow-events");
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"eventId":"","channel":"email"}""")));

        await WaitForStatusAsync(sent, "delivered");
        await WaitForStatusAsync(failed, "failed");

        await Eventually.True(
            () => Task.FromResult(
                Sum("comms.requests.received", "email") >= 2
                && Sum("comms.requests.sent", "email") >= 1
                && Sum("comms.requests.failed", "email") >= 1
                && Sum("comms.requests.rejected", "unknown") >= 1
                && HistogramCount("comms.submit_to_sent.duration", "email") >= 1),
            Patience,
            "the counters and the histogram to move");
    }

    private static object Email(string id, string? email) => new
    {
        requestId = id,
        accountId = "ACC-" + id,
        commsType = "InvoiceReady",
        channel = "email",
        target = new { name = "Ada Lovelace", email },
        data = new { invoiceNumber = "INV-1", amountDue = 42.50, dueDate = "2026-12-01" },
    };

    private async Task WaitForStatusAsync(string id, string status) =>
        await Eventually.True(
            async () => (await Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/comms/{id}")).GetProperty("status").GetString() == status,
            Patience,
            $"{id} to be {status}");

    private List<Activity> Snapshot()
    {
        server.App.Services.GetRequiredService<TracerProvider>().ForceFlush();
        lock (spans)
        {
            return [.. spans];
        }
    }

    private static string Url(Activity span) => span.GetTagItem("url.full") as string ?? "";

    /// <summary>The counter's cumulative sum for the channel, as last exported.</summary>
    private double Sum(string name, string channel) =>
        Points(name, channel).Sum(p => p.GetSumLong());

    private long HistogramCount(string name, string channel) =>
        Points(name, channel).Sum(p => p.GetHistogramCount());

    private List<MetricPoint> Points(string name, string channel)
    {
        List<Metric> exported;
        lock (metrics)
        {
            metrics.Clear();
        }

        server.App.Services.GetRequiredService<MeterProvider>().ForceFlush();
        lock (metrics)
        {
            exported = [.. metrics.Where(m => m.Name == name)];
        }

        var points = new List<MetricPoint>();
        foreach (var metric in exported)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    if (tag.Key == CommsTelemetry.ChannelTag && tag.Value as string == channel)
                    {
                        points.Add(point);
                    }
                }
            }
        }

        return points;
    }
}
