using Comms.Api.Durable;
using Comms.Core.Domain;
using Comms.Core.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace Comms.Api.Tests;

public class DurableWorkflowClientTests
{
    private static readonly CommsRequest Request = new("r-1", "A", "InvoiceReady", Channel.Email, null, null, null, null, CommsSource.Api);
    private readonly Mock<DurableTaskClient> client = new("test");
    private readonly Mock<IInstanceExistsSignal> instanceExists = new();

    private DurableWorkflowClient Workflow => new(client.Object, instanceExists.Object, new WorkflowPolicy(), new Comms.Core.Batches.BatchOptions());

    [Fact]
    public async Task A_start_is_made_under_the_request_id_with_every_dedupe_status()
    {
        StartOrchestrationOptions? options = null;
        string? started = null;
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((TaskName name, object? _, StartOrchestrationOptions? o, CancellationToken _) => (options, started) = (o, name.Name))
            .ReturnsAsync("r-1");

        await Workflow.EnsureStartedAsync(Request);

        Assert.Equal(CommsWorkflow.Name, started);
        Assert.Equal("r-1", options!.InstanceId);
        Assert.Equal(StartOrchestrationOptionsExtensions.ValidDedupeStatuses.Select(s => s.ToString()).Order(), options.DedupeStatuses!.Order());
    }

    [Fact]
    public async Task A_host_that_refuses_a_second_start_is_taken_as_already_started()
    {
        var refusal = new global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException("exists");
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(refusal);
        instanceExists.Setup(s => s.IsInstanceExists(refusal)).Returns(true);

        await Workflow.EnsureStartedAsync(Request);
    }

    [Fact]
    public async Task Any_other_failure_of_a_start_is_thrown()
    {
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("task hub unreachable"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Workflow.EnsureStartedAsync(Request));
    }

    [Fact]
    public async Task A_status_report_is_raised_to_the_requests_instance()
    {
        var report = new StatusReport("r-1", CommsStatus.Delivered, DateTimeOffset.UtcNow, "acs", null, "acs:1");

        await Workflow.RaiseStatusReportAsync(report);

        client.Verify(c => c.RaiseEventAsync("r-1", CommsWorkflow.StatusReportEvent, report, It.IsAny<CancellationToken>()));
    }
}
