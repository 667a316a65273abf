using Comms.Core.Batches;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Comms.Api.Durable;

/// <summary>
/// <see cref="IWorkflowClient"/> over a Durable Task client: Comms.Server's (one for the process) or the one the
/// Functions host binds to each invocation. Every start carries all dedupe statuses, so a start never replaces or
/// re-runs an existing instance; a host that refuses such a start instead of ignoring it says so through its
/// <see cref="IInstanceExistsSignal"/>.
/// </summary>
public sealed class DurableWorkflowClient(DurableTaskClient client, IInstanceExistsSignal instanceExists, WorkflowPolicy policy, BatchOptions batches) : IWorkflowClient
{
    public Task EnsureStartedAsync(CommsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return EnsureAsync(CommsWorkflow.Name, request.RequestId, new WorkflowInput(request, policy, Compact: true, RunAhead: true), cancellationToken);
    }

    public Task EnsureBatchStartedAsync(string batchId, CancellationToken cancellationToken = default) =>
        EnsureAsync(
            BatchNames.Orchestration,
            RequestIds.BatchInstance(batchId),
            new BatchInput(batchId, batches.Concurrency, batches.Poll, batches.MaxPoll, policy.Horizon),
            cancellationToken);

    private async Task EnsureAsync(string orchestration, string instanceId, object input, CancellationToken cancellationToken)
    {
        var options = new StartOrchestrationOptions(InstanceId: instanceId)
            .WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(orchestration, input, options, cancellationToken);
        }
        catch (Exception e) when (instanceExists.IsInstanceExists(e))
        {
            // The host refused a second start of an existing instance instead of ignoring it: the instance is there,
            // which is all this call has to ensure.
        }
    }

    public async Task<CommsRequest?> GetRequestAsync(string requestId, CancellationToken cancellationToken = default)
    {
        var instance = await client.GetInstanceAsync(requestId, getInputsAndOutputs: true, cancellationToken);
        return instance?.ReadInputAs<WorkflowInput>()?.Request;
    }

    public Task RaiseStatusReportAsync(StatusReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        return client.RaiseEventAsync(report.RequestId, CommsWorkflow.StatusReportEvent, report, cancellationToken);
    }
}

/// <summary>Makes the <see cref="IWorkflowClient"/> of a Durable Task client: the Functions host binds a new client to each invocation.</summary>
public sealed class DurableWorkflows(IInstanceExistsSignal instanceExists, IOptions<WorkflowPolicy> policy, IOptions<BatchOptions> batches)
{
    public IWorkflowClient For(DurableTaskClient client) => new DurableWorkflowClient(client, instanceExists, policy.Value, batches.Value);
}
