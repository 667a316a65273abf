using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Workflow;
using Microsoft.DurableTask;
using Moq;

namespace Comms.Core.Tests.Workflow;

/// <summary>Fallback chains and several targets (README, Fallback chains and several targets), on a mocked orchestration context.</summary>
public class ChildrenWorkflowTests
{
    private static readonly DateTime Now = new(2026, 11, 30, 10, 0, 0, DateTimeKind.Utc);

    private static readonly CommsRequest Chain = new("r-1", "ACC-1", "PaymentReminder", Channel.Email, null, null, "en-GB", null, CommsSource.Api,
        Channels: [new ChainStep(Channel.Email, TimeSpan.FromDays(2)), new ChainStep(Channel.Sms, TimeSpan.FromDays(1), CommsStatus.Sent), new ChainStep(Channel.Letter)]);

    private readonly Mock<TaskOrchestrationContext> context = new() { CallBase = true };
    private readonly List<string> calls = [];
    private readonly Dictionary<string, TaskCompletionSource<CommsOutcome>> children = [];
    private readonly Dictionary<DateTime, TaskCompletionSource> timers = [];
    private readonly Dictionary<string, CommsStatus> statuses = [];

    public ChildrenWorkflowTests()
    {
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        context.Setup(c => c.CallActivityAsync<object>(It.Is<TaskName>(n => n.Name == ActivityNames.RecordStatus), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName n, object? i, TaskOptions? o) => calls.Add($"status:{((StatusReport)i!).Status.ToString().ToLowerInvariant()}:{((StatusReport)i).Reference}"))
            .ReturnsAsync(true);
        context.Setup(c => c.CallActivityAsync<bool>(It.Is<TaskName>(n => n.Name == ActivityNames.OpenChild), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName n, object? i, TaskOptions? o) => calls.Add($"open:{((OpenChildInput)i!).Child.RequestId}:{((OpenChildInput)i).Child.Channel.WireName()}"))
            .ReturnsAsync(true);
        context.Setup(c => c.CallActivityAsync<CommsStatus>(It.Is<TaskName>(n => n.Name == ActivityNames.CloseStep), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName n, object? i, TaskOptions? o) => Task.FromResult(statuses.GetValueOrDefault((string)i!, CommsStatus.Processing)));
        context.Setup(c => c.CallSubOrchestratorAsync<CommsOutcome>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName n, object? i, TaskOptions? o) =>
            {
                var id = ((SubOrchestrationOptions)o!).InstanceId!;
                Assert.Equal(id, ((WorkflowInput)i!).Request.RequestId);
                calls.Add("run:" + id);
                return Child(id).Task;
            });
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Returns((DateTime at, CancellationToken _) => Timer(at).Task);
    }

    [Fact]
    public async Task An_email_that_bounces_goes_to_sms_and_the_sms_delivered_ends_the_chain_delivered_by_step_two()
    {
        Child("r-1:step-1").SetResult(Outcome("r-1:step-1", CommsStatus.Undeliverable, "acs-email: Bounced"));
        Child("r-1:step-2").SetResult(Outcome("r-1:step-2", CommsStatus.Delivered));

        var outcome = await CommsWorkflow.RunAsync(context.Object, new WorkflowInput(Chain, new WorkflowPolicy()));

        Assert.Equal(CommsStatus.Delivered, outcome.Status);
        Assert.Equal(
            ["status:processing:", "open:r-1:step-1:email", "status:processing:r-1:step-1", "run:r-1:step-1",
             "open:r-1:step-2:sms", "status:processing:r-1:step-2", "run:r-1:step-2", "status:delivered:r-1:step-2"],
            calls);
    }

    [Fact]
    public async Task An_email_not_delivered_by_its_deadline_goes_on_and_a_letter_ends_the_chain_sent()
    {
        // Step 1 stays sent (no report) past its two days; step 2 is not even sent within its day; the letter goes.
        Timer(Now.AddDays(2)).SetResult();
        Timer(Now.AddDays(1)).SetResult();
        statuses["r-1:step-1"] = CommsStatus.Sent;
        statuses["r-1:step-2"] = CommsStatus.Processing;
        Child("r-1:step-3").SetResult(Outcome("r-1:step-3", CommsStatus.Sent));

        var outcome = await CommsWorkflow.RunAsync(context.Object, new WorkflowInput(Chain, new WorkflowPolicy()));

        Assert.Equal(CommsStatus.Sent, outcome.Status);
        Assert.Equal(["run:r-1:step-1", "run:r-1:step-2", "run:r-1:step-3"], calls.Where(c => c.StartsWith("run:", StringComparison.Ordinal)));
        Assert.Equal("status:sent:r-1:step-3", calls[^1]);
    }

    [Fact]
    public async Task A_step_that_reaches_its_goal_by_the_deadline_ends_the_chain_there()
    {
        Child("r-1:step-1").SetResult(Outcome("r-1:step-1", CommsStatus.Failed, "smtp down"));
        Timer(Now.AddDays(1)).SetResult();
        statuses["r-1:step-2"] = CommsStatus.Sent; // its goal is sent

        var outcome = await CommsWorkflow.RunAsync(context.Object, new WorkflowInput(Chain, new WorkflowPolicy()));

        Assert.Equal(CommsStatus.Sent, outcome.Status);
        Assert.DoesNotContain("run:r-1:step-3", calls);
        Assert.Equal("status:sent:r-1:step-2", calls[^1]);
    }

    [Fact]
    public async Task When_every_step_fails_the_chain_ends_with_the_last_steps_failure()
    {
        Child("r-1:step-1").SetResult(Outcome("r-1:step-1", CommsStatus.Suppressed, "opted out"));
        Child("r-1:step-2").SetResult(Outcome("r-1:step-2", CommsStatus.Failed, "no phone"));
        Child("r-1:step-3").SetResult(Outcome("r-1:step-3", CommsStatus.Failed, "no address"));

        var outcome = await CommsWorkflow.RunAsync(context.Object, new WorkflowInput(Chain, new WorkflowPolicy()));

        Assert.Equal(CommsStatus.Failed, outcome.Status);
        Assert.Equal("every step failed; step 3 of 3 (letter): no address", outcome.FailureReason);
    }

    [Fact]
    public async Task A_step_stopped_at_its_deadline_before_its_send_goes_on_to_the_next_step()
    {
        Timer(Now.AddDays(2)).SetResult();
        statuses["r-1:step-1"] = CommsStatus.Cancelled; // CloseStep cancelled it: it was still waiting for quiet hours
        Child("r-1:step-2").SetResult(Outcome("r-1:step-2", CommsStatus.Sent));

        var outcome = await CommsWorkflow.RunAsync(context.Object, new WorkflowInput(Chain, new WorkflowPolicy()));

        Assert.Equal(CommsStatus.Sent, outcome.Status);
        Assert.Contains("run:r-1:step-2", calls);
    }

    [Fact]
    public async Task A_cancelled_parent_opens_no_further_step()
    {
        Child("r-1:step-1").SetResult(Outcome("r-1:step-1", CommsStatus.Failed, "x"));
        context.Setup(c => c.CallActivityAsync<bool>(It.Is<TaskName>(n => n.Name == ActivityNames.OpenChild), It.Is<object?>(i => ((OpenChildInput)i!).Child.RequestId == "r-1:step-2"), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(false);

        var outcome = await CommsWorkflow.RunAsync(context.Object, new WorkflowInput(Chain, new WorkflowPolicy()));

        Assert.Equal(CommsStatus.Cancelled, outcome.Status);
        Assert.DoesNotContain("run:r-1:step-2", calls);
    }

    [Fact]
    public async Task Three_targets_run_at_once_and_the_parent_ends_with_the_best_and_a_count()
    {
        var request = new CommsRequest("r-2", "ACC-1", "InvoiceReady", Channel.Email, null, null, null, null, CommsSource.Api,
            Targets: [new CommsTarget(Email: "a@example.com"), new CommsTarget(Email: "b@example.com"), new CommsTarget(Email: "c@example.com")]);
        Child("r-2:target-1").SetResult(Outcome("r-2:target-1", CommsStatus.Delivered));
        Child("r-2:target-2").SetResult(Outcome("r-2:target-2", CommsStatus.Undeliverable, "Bounced"));
        var pending = Child("r-2:target-3");

        var running = CommsWorkflow.RunAsync(context.Object, new WorkflowInput(request, new WorkflowPolicy()));
        Assert.Equal(3, calls.Count(c => c.StartsWith("run:", StringComparison.Ordinal)));
        Assert.False(running.IsCompleted);
        pending.SetResult(Outcome("r-2:target-3", CommsStatus.Delivered));
        var outcome = await running;

        Assert.Equal(CommsStatus.Delivered, outcome.Status);
        Assert.Equal("status:delivered:", calls[^1]);
    }

    [Fact]
    public async Task Targets_none_of_which_is_reached_end_failed_or_with_the_status_they_share()
    {
        var request = new CommsRequest("r-3", "ACC-1", "InvoiceReady", Channel.Email, null, null, null, null, CommsSource.Api,
            Targets: [new CommsTarget(Email: "a@example.com"), new CommsTarget(Email: "b@example.com")]);
        Child("r-3:target-1").SetResult(Outcome("r-3:target-1", CommsStatus.Suppressed, "opted out"));
        Child("r-3:target-2").SetResult(Outcome("r-3:target-2", CommsStatus.Failed, "x"));

        var outcome = await CommsWorkflow.RunAsync(context.Object, new WorkflowInput(request, new WorkflowPolicy()));

        Assert.Equal((CommsStatus.Failed, "2 targets: 1 failed, 1 suppressed"), (outcome.Status, outcome.FailureReason));
    }

    private static CommsOutcome Outcome(string id, CommsStatus status, string? reason = null) => new(id, status, reason, null, null, []);

    private TaskCompletionSource<CommsOutcome> Child(string id) =>
        children.TryGetValue(id, out var child) ? child : children[id] = new TaskCompletionSource<CommsOutcome>();

    private TaskCompletionSource Timer(DateTime at) =>
        timers.TryGetValue(at, out var timer) ? timer : timers[at] = new TaskCompletionSource();
}
