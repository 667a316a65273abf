using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Workflow;
using Microsoft.DurableTask;
using Moq;

namespace Comms.Core.Tests.Workflow;

public class CommsWorkflowTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);
    private static readonly CommsRequest Request = new("r-1", "ACC-1", "InvoiceReady", Channel.Email, null, null, "en-GB", null, CommsSource.Api);
    private static readonly GatherResult Gathered = new(new CommsTarget("Ada", "ada@example.com"), "en-GB", "InvoiceReady", "v1");
    private static readonly RenderResult Rendered = new([new Artefact("email.html", "text/html", "r-1/email.html", 10, "abc")]);
    private static readonly StoreResult Stored = new([new DocumentRef("email.html", "text/html", 10, "abc")]);

    private readonly Mock<TaskOrchestrationContext> context = new() { CallBase = true };
    private readonly List<(string Name, object? Input, TaskOptions? Options)> calls = [];

    public CommsWorkflowTests()
    {
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        Activity(ActivityNames.Gather, Gathered);
        Activity(ActivityNames.Render, Rendered);
        Activity(ActivityNames.Send, new SendResult("smtp", "m-1", CommsStatus.Sent));
        Activity(ActivityNames.Store, Stored);
        Activity<object>(ActivityNames.RecordStatus, true);

        // By default no report comes and the delivery wait's timer has fired.
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        context.Setup(c => c.WaitForExternalEvent<StatusReport>(CommsWorkflow.StatusReportEvent, It.IsAny<CancellationToken>()))
            .Returns(new TaskCompletionSource<StatusReport>().Task);
    }

    [Fact]
    public async Task After_the_archive_a_sent_request_waits_for_the_report_that_settles_its_delivery_and_records_it()
    {
        Pending(out var timer);
        var early = Report(CommsStatus.Sent, "partner:ph:w-1");
        var delivered = Report(CommsStatus.Delivered, "partner:ph:w-2");
        context.SetupSequence(c => c.WaitForExternalEvent<StatusReport>(CommsWorkflow.StatusReportEvent, It.IsAny<CancellationToken>()))
            .Returns(Task.FromResult(early))
            .Returns(Task.FromResult(delivered));

        var outcome = await CommsWorkflow.RunAsync(context.Object, Request);

        Assert.Equal(
            ["RecordStatus:processing", "Gather", "Render", "Send", "RecordStatus:sent", "Store", "RecordStatus:delivered"],
            calls.Select(Describe));
        Assert.Same(delivered, calls[^1].Input);
        Assert.Equal(CommsStatus.Delivered, outcome.Status);
        context.Verify(c => c.CreateTimer(Now.Add(CommsWorkflow.DeliveryWait), It.IsAny<CancellationToken>()), Times.Once);
        Assert.False(timer.Task.IsCompleted);
    }

    [Fact]
    public async Task A_failure_reported_from_outside_ends_the_workflow_failed_with_its_reason()
    {
        Pending(out _);
        var failed = Report(CommsStatus.Undeliverable, "acs:e-1") with { Detail = "acs-email: Bounced" };
        context.Setup(c => c.WaitForExternalEvent<StatusReport>(CommsWorkflow.StatusReportEvent, It.IsAny<CancellationToken>()))
            .Returns(Task.FromResult(failed));

        var outcome = await CommsWorkflow.RunAsync(context.Object, Request);

        Assert.Equal(CommsStatus.Undeliverable, outcome.Status);
        Assert.Equal("acs-email: Bounced", outcome.FailureReason);
        Assert.Equal("RecordStatus:undeliverable", Describe(calls[^1]));
    }

    [Fact]
    public async Task When_no_report_settles_the_delivery_in_time_the_workflow_ends_sent()
    {
        var outcome = await CommsWorkflow.RunAsync(context.Object, Request);

        Assert.Equal(CommsStatus.Sent, outcome.Status);
        Assert.Equal("Store", Describe(calls[^1]));
        context.Verify(c => c.CreateTimer(Now.Add(CommsWorkflow.DeliveryWait), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Runs_gather_render_send_store_in_order_reporting_each_status()
    {
        var outcome = await CommsWorkflow.RunAsync(context.Object, Request);

        Assert.Equal(
            ["RecordStatus:processing", "Gather", "Render", "Send", "RecordStatus:sent", "Store"],
            calls.Select(Describe));
        Assert.Equal(CommsStatus.Sent, outcome.Status);
        Assert.Equal("m-1", outcome.ProviderMessageId);
        Assert.Equal(Stored.Documents, outcome.Documents);
    }

    [Fact]
    public async Task Passes_each_step_the_previous_steps_results()
    {
        await CommsWorkflow.RunAsync(context.Object, Request);

        Assert.Same(Request, calls.Single(c => c.Name == ActivityNames.Gather).Input);
        Assert.Equal(new RenderInput(Request, Gathered), calls.Single(c => c.Name == ActivityNames.Render).Input);
        Assert.Equal(new SendInput(Request, Gathered, Rendered), calls.Single(c => c.Name == ActivityNames.Send).Input);
        Assert.Equal(new StoreInput(Request, Rendered), calls.Single(c => c.Name == ActivityNames.Store).Input);
    }

    [Fact]
    public async Task A_provider_that_delivers_on_acceptance_is_reported_delivered_after_the_archive()
    {
        Activity(ActivityNames.Send, new SendResult("sandbox", "sandbox-r-1", CommsStatus.Delivered));

        var outcome = await CommsWorkflow.RunAsync(context.Object, Request);

        Assert.Equal(
            ["RecordStatus:processing", "Gather", "Render", "Send", "RecordStatus:sent", "Store", "RecordStatus:delivered"],
            calls.Select(Describe));
        Assert.Equal(CommsStatus.Delivered, outcome.Status);
    }

    [Fact]
    public async Task Every_call_carries_the_one_step_retry_policy()
    {
        await CommsWorkflow.RunAsync(context.Object, Request);

        Assert.All(calls, c => Assert.Same(CommsWorkflow.StepRetryPolicy, c.Options?.Retry?.Policy));
        Assert.Equal(5, CommsWorkflow.StepRetryPolicy.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), CommsWorkflow.StepRetryPolicy.FirstRetryInterval);
        Assert.Equal(2.0, CommsWorkflow.StepRetryPolicy.BackoffCoefficient);
    }

    [Fact]
    public void The_retry_policy_retries_transient_failures_but_not_permanent_ones()
    {
        // What the dispatcher hands the policy when an activity threw.
        static Exception Failed(Exception cause) =>
            new global::DurableTask.Core.Exceptions.TaskFailedException(cause.Message) { FailureDetails = new global::DurableTask.Core.FailureDetails(cause) };

        Assert.False(CommsWorkflow.StepRetryPolicy.Handle(Failed(new PermanentSendException("no such mailbox"))));
        Assert.True(CommsWorkflow.StepRetryPolicy.Handle(Failed(new HttpRequestException("connection reset"))));
    }

    [Fact]
    public async Task A_failing_step_ends_the_request_failed_with_its_reason()
    {
        var failure = new TaskFailedException(ActivityNames.Send, 3, new TaskFailureDetails(typeof(PermanentSendException).FullName!, "Mailbox unavailable", null, null, null));
        context.Setup(c => c.CallActivityAsync<SendResult>(It.Is<TaskName>(n => n.Name == ActivityNames.Send), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName n, object? i, TaskOptions? o) => calls.Add((n.Name, i, o)))
            .ThrowsAsync(failure);

        var outcome = await CommsWorkflow.RunAsync(context.Object, Request);

        Assert.Equal(CommsStatus.Failed, outcome.Status);
        Assert.Equal("Mailbox unavailable", outcome.FailureReason);
        Assert.Equal(["RecordStatus:processing", "Gather", "Render", "Send", "RecordStatus:failed"], calls.Select(Describe));
        var report = (StatusReport)calls[^1].Input!;
        Assert.Equal("Mailbox unavailable", report.Detail);
        Assert.Equal(Now, report.At);
        Assert.DoesNotContain(calls, c => c.Name == ActivityNames.Store);
    }

    [Fact]
    public async Task A_scheduled_request_waits_on_a_durable_timer_until_its_send_time()
    {
        var sendAt = new DateTimeOffset(Now.AddHours(3));
        context.Setup(c => c.CreateTimer(sendAt.UtcDateTime, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask).Verifiable();

        await CommsWorkflow.RunAsync(context.Object, Request with { SendAt = sendAt });

        context.Verify();
        Assert.Equal("RecordStatus:scheduled", Describe(calls[0]));
        Assert.Equal("RecordStatus:processing", Describe(calls[1]));
    }

    [Fact]
    public async Task A_send_time_in_the_past_sends_at_once()
    {
        await CommsWorkflow.RunAsync(context.Object, Request with { SendAt = new DateTimeOffset(Now.AddMinutes(-1)) });

        Assert.Equal("RecordStatus:processing", Describe(calls[0]));
        context.Verify(c => c.CreateTimer(It.Is<DateTime>(d => d != Now.Add(CommsWorkflow.DeliveryWait)), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Pipeline_reports_have_stable_ids_so_a_replayed_report_is_recorded_once()
    {
        await CommsWorkflow.RunAsync(context.Object, Request);

        var reports = calls.Where(c => c.Name == ActivityNames.RecordStatus).Select(c => (StatusReport)c.Input!).ToList();
        Assert.Equal(["pipeline-processing", "pipeline-sent"], reports.Select(r => r.ReportId));
        Assert.All(reports, r => Assert.Equal("pipeline", r.Source));
    }

    private static StatusReport Report(CommsStatus status, string reportId) =>
        new(Request.RequestId, status, Now.AddMinutes(5), "partner:ph", null, reportId);

    /// <summary>The delivery wait's timer does not fire during the test.</summary>
    private void Pending(out TaskCompletionSource timer)
    {
        var pending = new TaskCompletionSource();
        context.Setup(c => c.CreateTimer(Now.Add(CommsWorkflow.DeliveryWait), It.IsAny<CancellationToken>())).Returns(pending.Task);
        timer = pending;
    }

    private static string Describe((string Name, object? Input, TaskOptions? Options) call) =>
        call.Input is StatusReport report ? $"{call.Name}:{report.Status.ToString().ToLowerInvariant()}" : call.Name;

    private void Activity<T>(string name, T result) =>
        context.Setup(c => c.CallActivityAsync<T>(It.Is<TaskName>(n => n.Name == name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName n, object? i, TaskOptions? o) => calls.Add((n.Name, i, o)))
            .ReturnsAsync(result);
}
