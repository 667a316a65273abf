using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Comms.Core.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace Comms.Core.Tests.Intake;

public class CommsIntakeTests
{
    private static readonly CommsRequest Request = new("r-1", "A", "InvoiceReady", Channel.Email, null, null, null, null, CommsSource.Api);
    private readonly Mock<IRequestStore> requests = new();
    private readonly Mock<IStatusHistory> history = new();
    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly List<StartOrchestrationOptions?> starts = [];

    public CommsIntakeTests() =>
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((TaskName _, object? _, StartOrchestrationOptions? o, CancellationToken _) => starts.Add(o))
            .ReturnsAsync("r-1");

    private readonly Mock<IInstanceExistsSignal> instanceExists = new();

    private CommsIntake Intake => new(requests.Object, history.Object, instanceExists.Object, TimeProvider.System);

    [Fact]
    public async Task A_new_request_is_started_under_its_request_id_with_every_dedupe_status()
    {
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((RequestHeader h, CancellationToken _) => (true, h));

        var result = await Intake.SubmitAsync(Request, client.Object);

        Assert.Equal(IntakeDisposition.Created, result.Disposition);
        var options = Assert.Single(starts);
        Assert.Equal("r-1", options!.InstanceId);
        Assert.Equal(StartOrchestrationOptionsExtensions.ValidDedupeStatuses.Select(s => s.ToString()).Order(), options.DedupeStatuses!.Order());
        requests.Verify(r => r.MarkStartedAsync("r-1", It.IsAny<CancellationToken>()));
        history.Verify(h => h.AppendAsync(It.Is<StatusReport>(s => s.Status == CommsStatus.Received), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task The_same_request_again_starts_nothing()
    {
        var existing = Header(RequestFingerprint.Compute(Request), started: true);
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((false, existing));

        var result = await Intake.SubmitAsync(Request, client.Object);

        Assert.Equal(IntakeDisposition.Existing, result.Disposition);
        Assert.Empty(starts);
    }

    [Fact]
    public async Task A_header_whose_orchestration_never_started_is_started_by_the_next_submit()
    {
        var existing = Header(RequestFingerprint.Compute(Request), started: false);
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((false, existing));

        var result = await Intake.SubmitAsync(Request, client.Object);

        Assert.Equal(IntakeDisposition.Existing, result.Disposition);
        Assert.Single(starts);
        requests.Verify(r => r.MarkStartedAsync("r-1", It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task A_different_request_under_the_same_id_is_a_conflict_and_starts_nothing()
    {
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((false, Header("other", started: false)));

        var result = await Intake.SubmitAsync(Request, client.Object);

        Assert.Equal(IntakeDisposition.Conflict, result.Disposition);
        Assert.Empty(starts);
    }

    [Fact]
    public async Task A_host_that_refuses_a_second_start_is_taken_as_already_started()
    {
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((RequestHeader h, CancellationToken _) => (true, h));
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException("exists"));
        instanceExists.Setup(s => s.IsInstanceExists(It.IsAny<global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException>())).Returns(true);

        var result = await Intake.SubmitAsync(Request, client.Object);

        Assert.Equal(IntakeDisposition.Created, result.Disposition);
        requests.Verify(r => r.MarkStartedAsync("r-1", It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task A_start_that_fails_for_another_reason_fails_the_submit_and_is_not_marked_started()
    {
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((RequestHeader h, CancellationToken _) => (true, h));
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("task hub unreachable"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Intake.SubmitAsync(Request, client.Object));

        requests.Verify(r => r.MarkStartedAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private static RequestHeader Header(string fingerprint, bool started) =>
        new("r-1", "A", "InvoiceReady", Channel.Email, CommsSource.Api, CommsStatus.Processing, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, fingerprint, started, null, []);
}
