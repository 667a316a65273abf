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
        Activity(ActivityNames.Prepare, new PrepareResult(Gathered, Rendered));
        Activity(ActivityNames.Send, new SendResult("smtp", "m-1", CommsStatus.Sent));
        Activity(ActivityNames.Store, Stored);
        Activity<object>(ActivityNames.RecordStatus, true);
        Activity<object>(ActivityNames.RecordWait, true);

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

        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.Equal(
            ["RecordStatus:processing", "Gather", "Render", "Send", "RecordStatus:sent", "Store", "RecordStatus:delivered"],
            calls.Select(Describe));
        Assert.Same(delivered, calls[^1].Input);
        Assert.Equal(CommsStatus.Delivered, outcome.Status);
        context.Verify(c => c.CreateTimer(Now.Add(CommsWorkflow.DeliveryWait), It.IsAny<CancellationToken>()), Times.Once);
        Assert.False(timer.Task.IsCompleted);
    }

    [Fact]
    public async Task Started_now_a_request_is_three_activities_because_prepare_and_send_record_their_own_statuses()
    {
        DeliveryReportComes();

        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request) with { Compact = true });

        Assert.Equal(["Prepare", "Send", "Store", "RecordStatus:delivered"], calls.Select(Describe));
        Assert.Equal(new SendInput(Request, Gathered, Rendered), calls[1].Input);
        Assert.Equal(CommsStatus.Delivered, outcome.Status);
    }

    [Fact]
    public async Task Started_now_a_provider_that_delivers_at_once_needs_no_record_of_the_workflows_own()
    {
        Activity(ActivityNames.Send, new SendResult("sandbox", "m-1", CommsStatus.Delivered));

        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request) with { Compact = true });

        Assert.Equal(["Prepare", "Send", "Store"], calls.Select(Describe));
        Assert.Equal(CommsStatus.Delivered, outcome.Status);
    }

    [Fact]
    public async Task Started_now_outside_the_recipients_window_a_prepared_request_waits_for_it_before_the_send()
    {
        var opens = new DateTimeOffset(Now.AddHours(9.5));
        Activity(ActivityNames.Prepare, new PrepareResult(Gathered with { QuietUntil = opens }, Rendered));

        await CommsWorkflow.RunAsync(context.Object, Input(Request) with { Compact = true });

        Assert.Equal(["Prepare", "RecordWait:quietHours", "RecordWait:-", "Send", "Store"], calls.Select(Describe));
        context.Verify(c => c.CreateTimer(opens.UtcDateTime, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Started_now_a_request_that_goes_all_the_way_is_one_activity()
    {
        Activity(ActivityNames.Proceed, new ProceedResult(new PrepareResult(Gathered, Rendered), new SendResult("sandbox", "m-1", CommsStatus.Delivered), Stored));

        var outcome = await CommsWorkflow.RunAsync(context.Object, RunAhead(Request));

        Assert.Equal(["Proceed"], calls.Select(Describe));
        Assert.Same(Request, calls[0].Input);
        Assert.Equal((CommsStatus.Delivered, "m-1"), (outcome.Status, outcome.ProviderMessageId));
        Assert.Equal(Stored.Documents, outcome.Documents);
    }

    [Fact]
    public async Task Started_now_a_sent_request_whose_provider_reports_later_waits_for_the_report_after_proceed()
    {
        DeliveryReportComes();
        Activity(ActivityNames.Proceed, new ProceedResult(new PrepareResult(Gathered, Rendered), new SendResult("acs-email", "m-1", CommsStatus.Sent, ReportsDelivery: true), Stored));

        var outcome = await CommsWorkflow.RunAsync(context.Object, RunAhead(Request));

        Assert.Equal(["Proceed", "RecordStatus:delivered"], calls.Select(Describe));
        Assert.Equal(CommsStatus.Delivered, outcome.Status);
    }

    [Fact]
    public async Task Started_now_proceed_stopped_by_quiet_hours_waits_for_the_window_then_sends_and_stores_step_by_step()
    {
        var opens = new DateTimeOffset(Now.AddHours(9.5));
        Activity(ActivityNames.Proceed, new ProceedResult(new PrepareResult(Gathered with { QuietUntil = opens }, Rendered)));

        await CommsWorkflow.RunAsync(context.Object, RunAhead(Request));

        Assert.Equal(["Proceed", "RecordWait:quietHours", "RecordWait:-", "Send", "Store"], calls.Select(Describe));
        Assert.Equal(new SendInput(Request, Gathered with { QuietUntil = opens }, Rendered), calls[3].Input);
        context.Verify(c => c.CreateTimer(opens.UtcDateTime, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Started_now_a_send_that_failed_inside_proceed_waits_as_its_first_failure_then_is_retried_alone()
    {
        Activity(ActivityNames.Proceed, new ProceedResult(new PrepareResult(Gathered, Rendered), SendFailure: new StepFailure("Connection refused", false)));

        var outcome = await CommsWorkflow.RunAsync(context.Object, RunAhead(Request));

        Assert.Equal(CommsStatus.Sent, outcome.Status);
        Assert.Equal(["Proceed", "RecordWait:retry", "Send", "RecordWait:-", "Store"], calls.Select(Describe));
        var wait = (RequestWait)calls[1].Input!;
        Assert.Equal(("Send: Connection refused", 1, Now.AddSeconds(2)), (wait.LastError, wait.Attempt, wait.Until!.Value.UtcDateTime));
        context.Verify(c => c.CreateTimer(Now.AddSeconds(2), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Started_now_a_permanent_send_failure_inside_proceed_fails_the_request_naming_send()
    {
        Activity(ActivityNames.Proceed, new ProceedResult(new PrepareResult(Gathered, Rendered), SendFailure: new StepFailure("Mailbox unavailable", true)));

        var outcome = await CommsWorkflow.RunAsync(context.Object, RunAhead(Request));

        Assert.Equal((CommsStatus.Failed, "Send: Mailbox unavailable"), (outcome.Status, outcome.FailureReason));
        Assert.Equal(["Proceed", "RecordStatus:failed"], calls.Select(Describe));
    }

    [Fact]
    public async Task Started_now_a_send_that_waits_for_its_slot_inside_proceed_is_sent_with_the_slot_then_stored()
    {
        var slot = new DateTimeOffset(Now.AddSeconds(30));
        Activity(ActivityNames.Proceed, new ProceedResult(new PrepareResult(Gathered, Rendered), SendResult.Wait(slot, slot, "rate limit of acs-email:example.com")));

        await CommsWorkflow.RunAsync(context.Object, RunAhead(Request));

        Assert.Equal(["Proceed", "RecordWait:rateLimit", "Send", "RecordWait:-", "Store"], calls.Select(Describe));
        Assert.Equal(slot, ((SendInput)calls[2].Input!).Slot);
        context.Verify(c => c.CreateTimer((slot - CommsWorkflow.SlotLead).UtcDateTime, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Started_now_a_store_that_failed_inside_proceed_waits_for_the_archive_then_stores_alone()
    {
        Activity(ActivityNames.Proceed, new ProceedResult(new PrepareResult(Gathered, Rendered), new SendResult("sandbox", "m-1", CommsStatus.Delivered), StoreFailure: new StepFailure("archive unreachable", false)));

        var outcome = await CommsWorkflow.RunAsync(context.Object, RunAhead(Request));

        Assert.Equal(["Proceed", "RecordWait:archive", "Store", "RecordWait:-"], calls.Select(Describe));
        Assert.Equal("Store: archive unreachable", ((RequestWait)calls[1].Input!).LastError);
        Assert.Equal(Stored.Documents, outcome.Documents);
    }

    [Fact]
    public async Task Started_now_a_send_that_found_its_request_cancelled_inside_proceed_ends_cancelled_with_nothing_stored()
    {
        Activity(ActivityNames.Proceed, new ProceedResult(new PrepareResult(Gathered, Rendered), SendResult.Cancelled));

        var outcome = await CommsWorkflow.RunAsync(context.Object, RunAhead(Request));

        Assert.Equal(CommsStatus.Cancelled, outcome.Status);
        Assert.Equal(["Proceed", "RecordStatus:cancelled"], calls.Select(Describe));
    }

    [Fact]
    public async Task Started_before_the_steps_recorded_a_request_replays_its_own_record_calls()
    {
        Activity(ActivityNames.Send, new SendResult("sandbox", "m-1", CommsStatus.Delivered));

        await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.Equal(["RecordStatus:processing", "Gather", "Render", "Send", "RecordStatus:sent", "RecordStatus:delivered", "Store"], calls.Select(Describe));
        Assert.Equal(Comms.Core.Activities.SendActivity.Reports("r-1", new SendResult("sandbox", "m-1", CommsStatus.Delivered), Now), calls.Where(c => c.Input is StatusReport { Status: not CommsStatus.Processing }).Select(c => c.Input));
    }

    [Fact]
    public async Task A_failure_reported_from_outside_ends_the_workflow_failed_with_its_reason()
    {
        Pending(out _);
        var failed = Report(CommsStatus.Undeliverable, "acs:e-1") with { Detail = "acs-email: Bounced" };
        context.Setup(c => c.WaitForExternalEvent<StatusReport>(CommsWorkflow.StatusReportEvent, It.IsAny<CancellationToken>()))
            .Returns(Task.FromResult(failed));

        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.Equal(CommsStatus.Undeliverable, outcome.Status);
        Assert.Equal("acs-email: Bounced", outcome.FailureReason);
        Assert.Equal("RecordStatus:undeliverable", Describe(calls[^1]));
    }

    [Fact]
    public async Task When_no_report_settles_the_delivery_in_time_the_workflow_ends_sent_and_says_it_is_final()
    {
        Activity(ActivityNames.Send, new SendResult("acs-email", "m-1", CommsStatus.Sent, ReportsDelivery: true));
        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.Equal(CommsStatus.Sent, outcome.Status);
        Assert.Equal(["Store", "RecordStatus:sent"], calls.TakeLast(2).Select(Describe));
        var last = (StatusReport)calls[^1].Input!;
        Assert.True(last.Final);
        Assert.Equal("pipeline-sent", last.ReportId);
        context.Verify(c => c.CreateTimer(Now.Add(CommsWorkflow.DeliveryWait), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_send_that_finds_its_request_cancelled_ends_it_cancelled_with_nothing_stored()
    {
        Activity(ActivityNames.Send, SendResult.Cancelled);

        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.Equal(CommsStatus.Cancelled, outcome.Status);
        Assert.Equal(["RecordStatus:processing", "Gather", "Render", "Send", "RecordStatus:cancelled"], calls.Select(Describe));
        Assert.Equal("pipeline-cancelled", ((StatusReport)calls[^1].Input!).ReportId);
    }

    [Fact]
    public async Task Outside_the_recipients_window_the_request_waits_until_it_opens_shown_as_quiet_hours_then_sends()
    {
        var opens = new DateTimeOffset(Now.AddHours(9.5));
        Activity(ActivityNames.Gather, Gathered with { QuietUntil = opens });

        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.Equal(CommsStatus.Sent, outcome.Status);
        Assert.Equal(["RecordStatus:processing", "Gather", "RecordWait:quietHours", "RecordWait:-", "Render", "Send"], calls.Take(6).Select(Describe));
        Assert.Equal(new RequestWait("r-1", WaitReason.QuietHours, opens, null), calls[2].Input);
        Assert.Equal(WaitReason.QuietHours, ((RequestWait)calls[3].Input!).Cleared);
        context.Verify(c => c.CreateTimer(opens.UtcDateTime, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_window_that_opened_while_gather_ran_is_not_waited_for()
    {
        Activity(ActivityNames.Gather, Gathered with { QuietUntil = new DateTimeOffset(Now.AddSeconds(-1)) });

        await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.DoesNotContain(calls, c => c.Input is RequestWait);
    }

    [Fact]
    public async Task A_child_whose_provider_reports_no_delivery_ends_sent_at_once_so_its_parent_goes_on()
    {
        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request with { RequestId = "r-1:step-2", ParentId = "r-1" }));

        Assert.Equal(CommsStatus.Sent, outcome.Status);
        Assert.Equal(["RecordStatus:processing", "Gather", "Render", "Send", "RecordStatus:sent", "Store"], calls.Select(Describe));
        context.Verify(c => c.WaitForExternalEvent<StatusReport>(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void Computed_properties_of_a_request_stay_out_of_its_json_and_its_fingerprint()
    {
        var json = Comms.Core.Text.CommsJson.Serialize(Request);
        Assert.DoesNotContain("hasChildren", json, StringComparison.Ordinal);
        Assert.DoesNotContain("allChannels", json, StringComparison.Ordinal);
        Assert.DoesNotContain("childIds", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_send_the_customer_rules_stop_ends_suppressed_with_the_reason_and_nothing_stored()
    {
        Activity(ActivityNames.Send, SendResult.Suppressed("sms:+447700900123 replied STOP"));

        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.Equal((CommsStatus.Suppressed, "sms:+447700900123 replied STOP"), (outcome.Status, outcome.FailureReason));
        Assert.Equal(["RecordStatus:processing", "Gather", "Render", "Send", "RecordStatus:suppressed"], calls.Select(Describe));
        var report = (StatusReport)calls[^1].Input!;
        Assert.Equal(("pipeline-suppressed", "sms:+447700900123 replied STOP"), (report.ReportId, report.Detail));
    }

    [Fact]
    public async Task A_provider_that_reports_no_delivery_makes_its_sent_final_at_once()
    {
        Activity(ActivityNames.Send, new SendResult("acs-email", "op-1", CommsStatus.Sent, ReportsDelivery: true));
        await CommsWorkflow.RunAsync(context.Object, Input(Request));
        var reporting = (StatusReport)calls.First(c => Describe(c) == "RecordStatus:sent").Input!;

        calls.Clear();
        Activity(ActivityNames.Send, new SendResult("smtp", "m-1", CommsStatus.Sent));
        await CommsWorkflow.RunAsync(context.Object, Input(Request));
        var silent = (StatusReport)calls.First(c => Describe(c) == "RecordStatus:sent").Input!;

        Assert.Equal((false, "op-1"), (reporting.Final, reporting.Reference));
        Assert.Equal((true, "m-1"), (silent.Final, silent.Reference));
    }

    [Fact]
    public async Task Runs_gather_render_send_store_in_order_reporting_each_status()
    {
        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request));

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
        await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.Equal(Request, calls.Single(c => c.Name == ActivityNames.Gather).Input);
        Assert.Equal(new RenderInput(Request, Gathered), calls.Single(c => c.Name == ActivityNames.Render).Input);
        Assert.Equal(new SendInput(Request, Gathered, Rendered), calls.Single(c => c.Name == ActivityNames.Send).Input);
        Assert.Equal(new StoreInput(Request, Rendered), calls.Single(c => c.Name == ActivityNames.Store).Input);
    }

    [Fact]
    public async Task A_provider_that_delivers_on_acceptance_is_reported_delivered_before_the_archive()
    {
        Activity(ActivityNames.Send, new SendResult("sandbox", "sandbox-r-1", CommsStatus.Delivered));

        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.Equal(
            ["RecordStatus:processing", "Gather", "Render", "Send", "RecordStatus:sent", "RecordStatus:delivered", "Store"],
            calls.Select(Describe));
        Assert.Equal(CommsStatus.Delivered, outcome.Status);
    }

    [Fact]
    public async Task Steps_run_without_a_retry_policy_of_their_own_and_records_retry_up_to_the_horizon()
    {
        await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.All(calls.Where(c => c.Name != ActivityNames.RecordStatus), c => Assert.Null(c.Options?.Retry));
        Assert.All(calls.Where(c => c.Name == ActivityNames.RecordStatus), c =>
        {
            Assert.Equal(Policy.Horizon, c.Options!.Retry!.Policy!.RetryTimeout);
            Assert.Equal(Policy.FirstInterval, c.Options.Retry.Policy.FirstRetryInterval);
        });
    }

    [Fact]
    public void The_waits_double_from_the_first_interval_to_the_longest()
    {
        var policy = new WorkflowPolicy { FirstInterval = TimeSpan.FromSeconds(2), MaxInterval = TimeSpan.FromSeconds(10) };

        Assert.Equal([2, 4, 8, 10, 10], Enumerable.Range(1, 5).Select(n => policy.WaitAfter(n).TotalSeconds));
        Assert.Equal(policy.MaxInterval, policy.WaitAfter(10_000));
        Assert.Null(new WorkflowPolicy().Problem());
        Assert.NotNull(new WorkflowPolicy { MaxInterval = TimeSpan.FromSeconds(1) }.Problem());
    }

    [Fact]
    public async Task A_transient_failure_waits_on_a_durable_timer_shown_on_the_request_then_tries_again()
    {
        Fails(ActivityNames.Send, new SendResult("smtp", "m-1", CommsStatus.Sent), Transient("Connection refused"), Transient("Connection refused"));

        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.Equal(CommsStatus.Sent, outcome.Status);
        Assert.Equal(
            ["RecordStatus:processing", "Gather", "Render", "Send", "RecordWait:retry", "Send", "RecordWait:retry", "Send", "RecordWait:-", "RecordStatus:sent", "Store"],
            calls.Select(Describe));
        var waits = calls.Where(c => c.Name == ActivityNames.RecordWait).Select(c => (RequestWait)c.Input!).ToList();
        Assert.Equal([Now.AddSeconds(2), Now.AddSeconds(4)], waits.Take(2).Select(w => w.Until!.Value.UtcDateTime));
        Assert.Equal("Send: Connection refused", waits[0].LastError);
        Assert.Equal([1, 2], waits.Take(2).Select(w => w.Attempt));
        Assert.Equal(WaitReason.Retry, waits[2].Cleared);
        context.Verify(c => c.CreateTimer(Now.AddSeconds(2), It.IsAny<CancellationToken>()), Times.Once);
        context.Verify(c => c.CreateTimer(Now.AddSeconds(4), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_transient_failure_past_the_horizon_fails_the_request_naming_the_step()
    {
        var input = new WorkflowInput(Request, Policy with { Horizon = TimeSpan.FromSeconds(5) });
        Fails(ActivityNames.Gather, Gathered, Transient("storage down"), Transient("storage down"), Transient("storage down"));

        var outcome = await CommsWorkflow.RunAsync(context.Object, input);

        Assert.Equal(CommsStatus.Failed, outcome.Status);
        Assert.StartsWith("Gather: storage down (gave up after 3 attempts", outcome.FailureReason);
        Assert.Equal(["RecordStatus:processing", "Gather", "RecordWait:retry", "Gather", "RecordWait:retry", "Gather", "RecordStatus:failed"], calls.Select(Describe));
    }

    [Fact]
    public async Task A_rate_limited_send_waits_for_its_slot_and_sends_with_it()
    {
        var slot = new DateTimeOffset(Now.AddSeconds(30));
        var results = new Queue<SendResult>([SendResult.Wait(slot, slot, "rate limit of acs-email:example.com"), new SendResult("acs-email", "m-1", CommsStatus.Sent)]);
        context.Setup(c => c.CallActivityAsync<SendResult>(It.Is<TaskName>(n => n.Name == ActivityNames.Send), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName n, object? i, TaskOptions? o) => calls.Add((n.Name, i, o)))
            .Returns(() => Task.FromResult(results.Dequeue()));

        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.Equal(CommsStatus.Sent, outcome.Status);
        Assert.Equal(["RecordStatus:processing", "Gather", "Render", "Send", "RecordWait:rateLimit", "Send", "RecordWait:-", "RecordStatus:sent", "Store"], calls.Select(Describe));
        var sends = calls.Where(c => c.Name == ActivityNames.Send).Select(c => (SendInput)c.Input!).ToList();
        Assert.Equal(new DateTimeOffset?[] { null, slot }, sends.Select(s => s.Slot));
        var wait = (RequestWait)calls.First(c => c.Name == ActivityNames.RecordWait).Input!;
        Assert.Equal((WaitReason.RateLimit, slot), (wait.WaitingFor!.Value, wait.Until!.Value));
        context.Verify(c => c.CreateTimer((slot - CommsWorkflow.SlotLead).UtcDateTime, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task An_archive_that_keeps_failing_never_fails_a_sent_request()
    {
        var input = new WorkflowInput(Request, Policy with { ArchiveHorizon = TimeSpan.FromSeconds(3) });
        Fails(ActivityNames.Store, Stored, Transient("archive unreachable"), Transient("archive unreachable"));

        var outcome = await CommsWorkflow.RunAsync(context.Object, input);

        Assert.Equal(CommsStatus.Sent, outcome.Status);
        Assert.Empty(outcome.Documents);
        Assert.DoesNotContain(calls, c => Describe(c) == "RecordStatus:failed");
        var waits = calls.Where(c => c.Name == ActivityNames.RecordWait).Select(c => (RequestWait)c.Input!).ToList();
        Assert.Equal(WaitReason.Archive, waits[0].WaitingFor);
        Assert.Null(waits[^1].WaitingFor);
        Assert.StartsWith("Store: archive unreachable (gave up", waits[^1].LastError);
    }

    [Fact]
    public async Task An_archive_that_recovers_clears_its_wait()
    {
        Fails(ActivityNames.Store, Stored, Transient("archive unreachable"));

        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.Equal(Stored.Documents, outcome.Documents);
        Assert.Equal(["RecordStatus:processing", "Gather", "Render", "Send", "RecordStatus:sent", "Store", "RecordWait:archive", "Store", "RecordWait:-"], calls.Select(Describe));
        Assert.Equal(WaitReason.Archive, ((RequestWait)calls[^1].Input!).Cleared);
    }

    [Fact]
    public void The_permanent_failure_check_reads_through_wrapped_failures()
    {
        var wrapped = new TaskFailureDetails("Wrapper", "outer", null, new TaskFailureDetails(typeof(PermanentSendException).FullName!, "no such mailbox", null, null, null), null);

        Assert.True(CommsWorkflow.IsPermanent(wrapped));
        Assert.False(CommsWorkflow.IsPermanent(new TaskFailureDetails(typeof(HttpRequestException).FullName!, "reset", null, null, null)));
    }

    [Fact]
    public async Task A_failing_step_ends_the_request_failed_with_its_reason()
    {
        var failure = new TaskFailedException(ActivityNames.Send, 3, new TaskFailureDetails(typeof(PermanentSendException).FullName!, "Mailbox unavailable", null, null, null));
        context.Setup(c => c.CallActivityAsync<SendResult>(It.Is<TaskName>(n => n.Name == ActivityNames.Send), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName n, object? i, TaskOptions? o) => calls.Add((n.Name, i, o)))
            .ThrowsAsync(failure);

        var outcome = await CommsWorkflow.RunAsync(context.Object, Input(Request));

        Assert.Equal(CommsStatus.Failed, outcome.Status);
        Assert.Equal("Send: Mailbox unavailable", outcome.FailureReason);
        Assert.Equal(["RecordStatus:processing", "Gather", "Render", "Send", "RecordStatus:failed"], calls.Select(Describe));
        var report = (StatusReport)calls[^1].Input!;
        Assert.Equal("Send: Mailbox unavailable", report.Detail);
        Assert.Equal(Now, report.At);
        Assert.DoesNotContain(calls, c => c.Name == ActivityNames.Store);
    }

    [Fact]
    public async Task A_scheduled_request_waits_on_a_durable_timer_until_its_send_time()
    {
        var sendAt = new DateTimeOffset(Now.AddHours(3));
        context.Setup(c => c.CreateTimer(sendAt.UtcDateTime, It.IsAny<CancellationToken>())).Returns(Task.CompletedTask).Verifiable();

        await CommsWorkflow.RunAsync(context.Object, Input(Request with { SendAt = sendAt }));

        context.Verify();
        Assert.Equal("RecordStatus:scheduled", Describe(calls[0]));
        Assert.Equal("RecordStatus:processing", Describe(calls[1]));
    }

    [Fact]
    public async Task A_send_time_in_the_past_sends_at_once()
    {
        await CommsWorkflow.RunAsync(context.Object, Input(Request with { SendAt = new DateTimeOffset(Now.AddMinutes(-1)) }));

        Assert.Equal("RecordStatus:processing", Describe(calls[0]));
        context.Verify(c => c.CreateTimer(It.Is<DateTime>(d => d != Now.Add(CommsWorkflow.DeliveryWait)), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Pipeline_reports_have_stable_ids_so_a_replayed_report_is_recorded_once()
    {
        await CommsWorkflow.RunAsync(context.Object, Input(Request));

        var reports = calls.Where(c => c.Name == ActivityNames.RecordStatus).Select(c => (StatusReport)c.Input!).ToList();
        Assert.Equal(["pipeline-processing", "pipeline-sent"], reports.Select(r => r.ReportId));
        Assert.All(reports, r => Assert.Equal("pipeline", r.Source));
    }

    private static readonly WorkflowPolicy Policy = new();

    private static WorkflowInput Input(CommsRequest request) => new(request, Policy);

    private static WorkflowInput RunAhead(CommsRequest request) => new(request, Policy, Compact: true, RunAhead: true);

    private static TaskFailedException Transient(string message) =>
        new("step", 1, new TaskFailureDetails(typeof(HttpRequestException).FullName!, message, null, null, null));

    /// <summary>The activity throws each failure in turn, then returns <paramref name="result"/>.</summary>
    private void Fails<T>(string name, T result, params TaskFailedException[] failures)
    {
        var attempts = 0;
        context.Setup(c => c.CallActivityAsync<T>(It.Is<TaskName>(n => n.Name == name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName n, object? i, TaskOptions? o) => calls.Add((n.Name, i, o)))
            .Returns(() => attempts++ < failures.Length ? Task.FromException<T>(failures[attempts - 1]) : Task.FromResult(result));
    }

    private static StatusReport Report(CommsStatus status, string reportId) =>
        new(Request.RequestId, status, Now.AddMinutes(5), "partner:ph", null, reportId);

    /// <summary>A delivery report is raised to the waiting workflow, before its timer fires.</summary>
    private void DeliveryReportComes()
    {
        Pending(out _);
        var delivered = Report(CommsStatus.Delivered, "partner:ph:w-2");
        context.Setup(c => c.WaitForExternalEvent<StatusReport>(CommsWorkflow.StatusReportEvent, It.IsAny<CancellationToken>()))
            .Returns(Task.FromResult(delivered));
    }

    /// <summary>The delivery wait's timer does not fire during the test.</summary>
    private void Pending(out TaskCompletionSource timer)
    {
        var pending = new TaskCompletionSource();
        context.Setup(c => c.CreateTimer(Now.Add(CommsWorkflow.DeliveryWait), It.IsAny<CancellationToken>())).Returns(pending.Task);
        timer = pending;
    }

    private static string Describe((string Name, object? Input, TaskOptions? Options) call) => call.Input switch
    {
        StatusReport report => $"{call.Name}:{report.Status.ToString().ToLowerInvariant()}",
        RequestWait wait => $"{call.Name}:{(wait.WaitingFor is { } w ? char.ToLowerInvariant(w.ToString()[0]) + w.ToString()[1..] : "-")}",
        _ => call.Name,
    };

    private void Activity<T>(string name, T result) =>
        context.Setup(c => c.CallActivityAsync<T>(It.Is<TaskName>(n => n.Name == name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName n, object? i, TaskOptions? o) => calls.Add((n.Name, i, o)))
            .ReturnsAsync(result);
}
