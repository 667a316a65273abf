using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Tests.Storage;

public sealed class StatusHistoryTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private IStatusHistory History => fixture.Get<IStatusHistory>();

    [Fact]
    public async Task A_report_is_kept_once_by_its_id_and_the_list_is_oldest_first()
    {
        var requestId = StorageFixture.NewId("req");
        var delivered = new StatusReport(requestId, CommsStatus.Delivered, T0.AddMinutes(2), "acs", "delivered to handset", "acs/evt#1?");
        var sent = new StatusReport(requestId, CommsStatus.Sent, T0.AddMinutes(1), "pipeline", null, "pipeline-sent");
        var lateFailure = new StatusReport(requestId, CommsStatus.Failed, T0.AddMinutes(3), "partner:post", "late", "partner-1");

        Assert.True(await History.AppendAsync(delivered));
        Assert.True(await History.AppendAsync(sent));
        // The same report delivered again, even with another time and detail, is not a new report.
        Assert.False(await History.AppendAsync(delivered with { At = T0.AddMinutes(9), Detail = "again" }));
        Assert.True(await History.AppendAsync(lateFailure));

        var list = await History.ListAsync(requestId);

        Assert.Equal([sent, delivered, lateFailure], list);
        Assert.Empty(await History.ListAsync(StorageFixture.NewId("req")));
    }

    [Fact]
    public async Task Histories_of_requests_are_separate()
    {
        var (a, b) = (StorageFixture.NewId("req"), StorageFixture.NewId("req"));
        Assert.True(await History.AppendAsync(new StatusReport(a, CommsStatus.Sent, T0, "pipeline", null, "same-id")));
        Assert.True(await History.AppendAsync(new StatusReport(b, CommsStatus.Sent, T0, "pipeline", null, "same-id")));

        Assert.Single(await History.ListAsync(a));
        Assert.Single(await History.ListAsync(b));
    }

    [Fact]
    public async Task The_reporter_reference_is_kept_as_sent()
    {
        var requestId = StorageFixture.NewId("req");
        var report = new StatusReport(requestId, CommsStatus.Delivered, T0, "partner:printhouse", null, "partner:printhouse:msg_1", "PH-991/ä");

        await History.AppendAsync(report);

        Assert.Equal("PH-991/ä", Assert.Single(await History.ListAsync(requestId)).Reference);
    }
}
