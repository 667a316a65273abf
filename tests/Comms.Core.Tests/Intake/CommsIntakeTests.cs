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
    private readonly Mock<IBusinessKeys> businessKeys = new();
    private readonly Mock<ISearchIndex> search = new();

    public CommsIntakeTests() =>
        workflow.Setup(w => w.EnsureStartedAsync(It.IsAny<CommsRequest>(), It.IsAny<CancellationToken>()))
            .Callback((CommsRequest r, CancellationToken _) => starts.Add(r))
            .Returns(Task.CompletedTask);

    private CommsIntake Intake => new(requests.Object, history.Object, Templates.Sets, businessKeys.Object, Mock.Of<ICancellationKeys>(), search.Object, TimeProvider.System);

    [Fact]
    public async Task A_new_request_is_recorded_and_its_orchestration_started()
    {
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((RequestHeader h, CancellationToken _) => (true, h));

        var result = await Intake.SubmitAsync(Request, workflow.Object);

        Assert.Equal(IntakeDisposition.Created, result.Disposition);
        Assert.Equal("r-1", Assert.Single(starts).RequestId);
        history.Verify(h => h.AppendAsync(It.Is<StatusReport>(s => s.Status == CommsStatus.Received), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task A_new_requests_invoice_number_and_business_key_are_indexed_for_the_agent_page_before_it_starts()
    {
        var keyed = Request with { BusinessKey = "invoice:INV-7:ready", Data = new() { ["invoiceNumber"] = "INV-7" } };
        businessKeys.Setup(k => k.ClaimAsync("invoice:INV-7:ready", "r-1", It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(("r-1", RequestFingerprint.Content(keyed)));
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((RequestHeader h, CancellationToken _) => (true, h));
        IReadOnlyList<Search.SearchEntry> indexed = [];
        search.Setup(s => s.AddAsync(It.IsAny<IReadOnlyList<Search.SearchEntry>>(), It.IsAny<CancellationToken>()))
            .Callback((IReadOnlyList<Search.SearchEntry> e, CancellationToken _) =>
            {
                Assert.Empty(starts); // Written before the start, so that a repeat after a crash writes it too.
                indexed = e;
            })
            .Returns(Task.CompletedTask);

        await Intake.SubmitAsync(keyed, workflow.Object);

        Assert.Equal(
            [(Search.SearchField.InvoiceNumber, "INV-7"), (Search.SearchField.BusinessKey, "invoice:INV-7:ready")],
            indexed.Select(e => (e.Field, e.Term)));
        Assert.All(indexed, e => Assert.Equal(("A", "r-1", "InvoiceReady", Channel.Email), (e.AccountId, e.RequestId, e.CommsType, e.Channel)));
    }

    [Fact]
    public async Task The_same_communication_under_a_business_key_from_another_route_is_the_first_request()
    {
        var keyed = Request with { RequestId = "we-e1-oncreate", Source = CommsSource.WorkflowEvent, BusinessKey = "invoice:1" };
        var first = Header(RequestFingerprint.Compute(Request), started: true);
        businessKeys.Setup(k => k.ClaimAsync("invoice:1", "we-e1-oncreate", RequestFingerprint.Content(keyed), It.IsAny<CancellationToken>()))
            .ReturnsAsync(("r-1", RequestFingerprint.Content(Request)));
        requests.Setup(r => r.GetAsync("r-1", It.IsAny<CancellationToken>())).ReturnsAsync(first);

        var result = await Intake.SubmitAsync(keyed, workflow.Object);

        Assert.Equal((IntakeDisposition.Existing, "r-1"), (result.Disposition, result.Header.RequestId));
        Assert.Empty(starts);
        requests.Verify(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Different_content_under_a_held_business_key_is_a_conflict_and_starts_nothing()
    {
        var keyed = Request with { RequestId = "r-2", BusinessKey = "invoice:1", Locale = "cy-GB" };
        businessKeys.Setup(k => k.ClaimAsync("invoice:1", "r-2", It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(("r-1", RequestFingerprint.Content(Request)));
        requests.Setup(r => r.GetAsync("r-1", It.IsAny<CancellationToken>())).ReturnsAsync(Header("f", started: true));

        var result = await Intake.SubmitAsync(keyed, workflow.Object);

        Assert.Equal((IntakeDisposition.BusinessKeyConflict, "r-1"), (result.Disposition, result.Header.RequestId));
        Assert.Empty(starts);
    }

    [Fact]
    public async Task A_key_whose_first_request_was_never_written_is_completed_under_that_id()
    {
        var keyed = Request with { RequestId = "r-2", BusinessKey = "invoice:1" };
        businessKeys.Setup(k => k.ClaimAsync("invoice:1", It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(("r-1", RequestFingerprint.Content(Request)));
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((RequestHeader h, CancellationToken _) => (true, h));

        var result = await Intake.SubmitAsync(keyed, workflow.Object);

        Assert.Equal(IntakeDisposition.Existing, result.Disposition);
        Assert.Equal("r-1", Assert.Single(starts).RequestId);
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
    }

    private static RequestHeader Header(string fingerprint, bool started) =>
        new("r-1", "A", "InvoiceReady", Channel.Email, CommsSource.Api, started ? CommsStatus.Processing : CommsStatus.Received, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, fingerprint, started, null, []);
}
