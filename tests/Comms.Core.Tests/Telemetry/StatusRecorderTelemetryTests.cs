using System.Diagnostics.Metrics;
using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Telemetry;
using Moq;

namespace Comms.Core.Tests.Telemetry;

/// <summary>
/// The sent and failed counters and the submit → sent latency come from <see cref="StatusRecorder"/>, the one way a
/// status lands. They count a request once however often its report is replayed. (Only these tests record statuses
/// in this assembly, so the process-wide meter's sent/failed measurements are theirs.)
/// </summary>
public sealed class StatusRecorderTelemetryTests : IDisposable
{
    private static readonly DateTimeOffset Created = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly RequestHeader Header = new("r-1", "A", "InvoiceReady", Channel.Sms, CommsSource.Api, CommsStatus.Processing, Created, Created, null, "f", true, null, []);
    private readonly Mock<IStatusHistory> history = new();
    private readonly Mock<IRequestStore> requests = new();
    private readonly MeterListener listener = new();
    private readonly List<(string Instrument, double Value, string? Channel)> measurements = [];

    public StatusRecorderTelemetryTests()
    {
        requests.Setup(r => r.AdvanceStatusAsync("r-1", It.IsAny<CommsStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<string?>(), It.IsAny<IReadOnlyList<DocumentRef>?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StatusAdvance(true, Header));
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CommsTelemetry.Name && instrument.Name is "comms.requests.sent" or "comms.requests.failed" or "comms.submit_to_sent.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i.Name, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i.Name, v, tags));
        listener.Start();
    }

    public void Dispose() => listener.Dispose();

    private StatusRecorder Recorder => new(history.Object, requests.Object, Mock.Of<IStatusCallbacks>(), Mock.Of<IBatchStore>(), new Comms.Testing.Fakes.MemoryConsentStore(), Mock.Of<IDetailStore>(), Mock.Of<ISearchIndex>());

    [Fact]
    public async Task A_sent_report_counts_once_with_its_channel_and_the_time_since_submit()
    {
        history.SetupSequence(h => h.AppendAsync(It.IsAny<StatusReport>(), It.IsAny<CancellationToken>())).ReturnsAsync(true).ReturnsAsync(false);
        var sent = Report(CommsStatus.Sent, Created.AddSeconds(42));

        await Recorder.RecordAsync(sent);
        await Recorder.RecordAsync(sent); // the activity replayed: the history already has it

        Assert.Equal([("comms.requests.sent", 1d, "sms"), ("comms.submit_to_sent.duration", 42d, "sms")], Snapshot());
    }

    [Fact]
    public async Task A_failure_counts_when_it_ends_the_request_and_not_again()
    {
        history.Setup(h => h.AppendAsync(It.IsAny<StatusReport>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        requests.SetupSequence(r => r.AdvanceStatusAsync("r-1", It.IsAny<CommsStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<string?>(), It.IsAny<IReadOnlyList<DocumentRef>?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StatusAdvance(true, Header))
            .ReturnsAsync(new StatusAdvance(false, Header));

        await Recorder.RecordAsync(Report(CommsStatus.Failed, Created.AddMinutes(1)));
        await Recorder.RecordAsync(Report(CommsStatus.Undeliverable, Created.AddMinutes(2))); // same rank: no change

        Assert.Equal([("comms.requests.failed", 1d, "sms")], Snapshot());
    }

    [Fact]
    public async Task Other_statuses_count_nothing()
    {
        history.Setup(h => h.AppendAsync(It.IsAny<StatusReport>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
        requests.Setup(r => r.AdvanceStatusAsync("r-1", It.IsAny<CommsStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<string?>(), It.IsAny<IReadOnlyList<DocumentRef>?>(), It.IsAny<CancellationToken>())).ReturnsAsync(new StatusAdvance(true, Header));

        await Recorder.RecordAsync(Report(CommsStatus.Processing, Created));
        await Recorder.RecordAsync(Report(CommsStatus.Delivered, Created.AddMinutes(1)));

        Assert.Empty(Snapshot());
        requests.Verify(r => r.GetAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private static StatusReport Report(CommsStatus status, DateTimeOffset at) =>
        new("r-1", status, at, "pipeline", null, "pipeline-" + status.ToString().ToLowerInvariant());

    private void Add(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? channel = null;
        foreach (var tag in tags)
        {
            if (tag.Key == CommsTelemetry.ChannelTag)
            {
                channel = tag.Value as string;
            }
        }

        lock (measurements)
        {
            measurements.Add((instrument, value, channel));
        }
    }

    private List<(string, double, string?)> Snapshot()
    {
        lock (measurements)
        {
            return [.. measurements];
        }
    }
}
