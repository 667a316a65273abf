using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Comms.Testing;
using Moq;

namespace Comms.Core.Tests.Intake;

public class CommsIntakeTests
{
    private static readonly CommsRequest Request = new("r-1", "A", "InvoiceReady", Channel.Email, null, null, null, null, CommsSource.Api);
    private readonly Mock<IRequestStore> requests = new();
    private readonly Mock<IStatusHistory> history = new();
    private readonly Mock<IWorkflowClient> workflow = new();
    private readonly List<CommsRequest> starts = [];

    public CommsIntakeTests() =>
        workflow.Setup(w => w.EnsureStartedAsync(It.IsAny<CommsRequest>(), It.IsAny<CancellationToken>()))
            .Callback((CommsRequest r, CancellationToken _) => starts.Add(r))
            .Returns(Task.CompletedTask);

    private CommsIntake Intake => new(requests.Object, history.Object, Templates.All, Mock.Of<IBusinessKeys>(), Mock.Of<ICancellationKeys>(), TimeProvider.System);

    [Fact]
    public async Task A_new_request_is_recorded_and_its_orchestration_started()
    {
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((RequestHeader h, CancellationToken _) => (true, h));

        var result = await Intake.SubmitAsync(Request, workflow.Object);

        Assert.Equal(IntakeDisposition.Created, result.Disposition);
        Assert.Equal("r-1", Assert.Single(starts).RequestId);
        requests.Verify(r => r.MarkStartedAsync("r-1", It.IsAny<CancellationToken>()));
        history.Verify(h => h.AppendAsync(It.Is<StatusReport>(s => s.Status == CommsStatus.Received), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task The_same_request_again_starts_nothing()
    {
        var existing = Header(RequestFingerprint.Compute(Request), started: true);
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((false, existing));

        var result = await Intake.SubmitAsync(Request, workflow.Object);

        Assert.Equal(IntakeDisposition.Existing, result.Disposition);
        Assert.Empty(starts);
    }

    [Fact]
    public async Task A_header_whose_orchestration_never_started_is_started_by_the_next_submit()
    {
        var existing = Header(RequestFingerprint.Compute(Request), started: false);
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((false, existing));

        var result = await Intake.SubmitAsync(Request, workflow.Object);

        Assert.Equal(IntakeDisposition.Existing, result.Disposition);
        Assert.Single(starts);
        requests.Verify(r => r.MarkStartedAsync("r-1", It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task A_different_request_under_the_same_id_is_a_conflict_and_starts_nothing()
    {
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((false, Header("other", started: false)));

        var result = await Intake.SubmitAsync(Request, workflow.Object);

        Assert.Equal(IntakeDisposition.Conflict, result.Disposition);
        Assert.Empty(starts);
    }

    [Fact]
    public async Task A_start_that_fails_for_another_reason_fails_the_submit_and_is_not_marked_started()
    {
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((RequestHeader h, CancellationToken _) => (true, h));
        workflow.Setup(w => w.EnsureStartedAsync(It.IsAny<CommsRequest>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("task hub unreachable"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Intake.SubmitAsync(Request, workflow.Object));

        requests.Verify(r => r.MarkStartedAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    private static RequestHeader Header(string fingerprint, bool started) =>
        new("r-1", "A", "InvoiceReady", Channel.Email, CommsSource.Api, CommsStatus.Processing, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, fingerprint, started, null, []);
}
