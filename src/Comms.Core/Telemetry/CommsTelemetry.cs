using System.Diagnostics;
using System.Diagnostics.Metrics;
using Comms.Core.Domain;

namespace Comms.Core.Telemetry;

/// <summary>
/// The spans and metrics of Comms, under the one name <see cref="Name"/> that both hosts export.
/// Every span about a request belongs to the trace derived from its request id, so a request's trigger, its
/// activities (in whichever process and on whichever retry they run) and later status reports form one trace
/// without the trace context having to survive the orchestration's queues and replays.
/// </summary>
public static class CommsTelemetry
{
    public const string Name = "Comms";
    public const string RequestIdTag = "comms.request_id";

    /// <summary>The batch of a batch item's request (<c>batch:{batchId}:{itemKey}</c>), on every span of the request.</summary>
    public const string BatchIdTag = "comms.batch_id";
    public const string ChannelTag = "comms.channel";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Requests accepted (a new request id), per channel.</summary>
    public static readonly Counter<long> RequestsReceived = Meter.CreateCounter<long>("comms.requests.received", "{request}", "Communication requests accepted.");

    /// <summary>Requests whose status reached sent, per channel.</summary>
    public static readonly Counter<long> RequestsSent = Meter.CreateCounter<long>("comms.requests.sent", "{request}", "Communication requests sent.");

    /// <summary>Requests that ended failed or undeliverable, per channel.</summary>
    public static readonly Counter<long> RequestsFailed = Meter.CreateCounter<long>("comms.requests.failed", "{request}", "Communication requests that failed.");

    /// <summary>Inputs refused without a request (an unreadable or conflicting workflow event), per channel when known.</summary>
    public static readonly Counter<long> RequestsRejected = Meter.CreateCounter<long>("comms.requests.rejected", "{request}", "Workflow events rejected.");

    /// <summary>Answers 429 from a provider, per channel: each made a send wait the provider's <c>Retry-After</c>.</summary>
    public static readonly Counter<long> ProviderThrottled = Meter.CreateCounter<long>("comms.provider.throttled", "{answer}", "Provider answers 429 (rate limited).");

    /// <summary>Transient step failures that the workflow retries later, per step.</summary>
    public static readonly Counter<long> StepRetries = Meter.CreateCounter<long>("comms.step.retries", "{retry}", "Step failures retried on a durable timer.");

    /// <summary>
    /// Sent requests whose archive copy is not stored yet because archiving failed: up when a request's first archive
    /// attempt fails, down when it is archived. Summed over the instances, the number of unarchived requests.
    /// </summary>
    public static readonly UpDownCounter<long> Unarchived = Meter.CreateUpDownCounter<long>("comms.requests.unarchived", "{request}", "Sent requests not archived yet.");

    /// <summary>Restarts of Comms.Server's durable sidecar that freed work items its backend had wedged after a storage outage.</summary>
    public static readonly Counter<long> DurableRecoveries = Meter.CreateCounter<long>("comms.durable.recoveries", "{restart}", "Durable sidecar restarts after a wedge.");

    /// <summary>From the request's acceptance to its status becoming sent.</summary>
    public static readonly Histogram<double> SubmitToSent = Meter.CreateHistogram<double>("comms.submit_to_sent.duration", "s", "Time from submit to sent.");

    /// <summary>The channel as a tag value, spelt as in the API (<c>email</c>, <c>pushToHandset</c>, …).</summary>
    public static KeyValuePair<string, object?> ChannelOf(Channel channel) => new(ChannelTag, channel.WireName());

    /// <summary>
    /// Starts a span in the request's trace, tagged with its request id. Inside that trace already (a Durable Task
    /// activity span, which the SDK continues from the orchestration's creation) it is a child of the current span;
    /// otherwise (an HTTP request, a queue message) it starts under the request's root and links the current span.
    /// Null when nothing listens.
    /// </summary>
    public static Activity? StartRequestSpan(string name, string requestId, ActivityKind kind = ActivityKind.Internal)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var request = RequestContext(requestId);
        var caller = Activity.Current;
        var span = caller is not null && caller.TraceId == request.TraceId
            ? Source.StartActivity(name, kind, caller.Context)
            : Source.StartActivity(name, kind, request, links: caller is null ? null : [new ActivityLink(caller.Context)]);
        span?.SetTag(RequestIdTag, requestId);
        if (span is not null && RequestIds.TryParseBatchItem(requestId, out var batchId, out _))
        {
            span.SetTag(BatchIdTag, batchId);
        }

        return span;
    }

    /// <summary>The request's trace (<see cref="RequestIds.Trace"/>).</summary>
    public static ActivityContext RequestContext(string requestId)
    {
        var (traceId, spanId) = RequestIds.Trace(requestId);
        return new ActivityContext(ActivityTraceId.CreateFromBytes(traceId), ActivitySpanId.CreateFromBytes(spanId), ActivityTraceFlags.Recorded, isRemote: true);
    }
}
