using System.Diagnostics;
using Comms.Core.Telemetry;

namespace Comms.Core.Tests.Telemetry;

/// <summary>A request's spans carry its id, and a batch item's also its batch id.</summary>
public sealed class RequestSpanTests : IDisposable
{
    private readonly ActivityListener listener = new()
    {
        ShouldListenTo = s => s.Name == CommsTelemetry.Name,
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public RequestSpanTests() => ActivitySource.AddActivityListener(listener);

    public void Dispose() => listener.Dispose();

    [Theory]
    [InlineData("batch:run-7:INV-1", "run-7")]
    [InlineData("r-1", null)]
    [InlineData("batch:run-7:INV-1:resend", null)]
    public void A_batch_items_span_names_its_batch(string requestId, string? batchId)
    {
        using var span = CommsTelemetry.StartRequestSpan("comms.send", requestId);

        Assert.Equal(requestId, span!.GetTagItem(CommsTelemetry.RequestIdTag));
        Assert.Equal(batchId, span.GetTagItem(CommsTelemetry.BatchIdTag));
    }
}
