using Comms.Api.Durable;
using Comms.Core.Activities;
using Comms.Core.Batches;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.Options;

namespace Comms.Server.Durable;

public static class DurableRegistration
{
    /// <summary>
    /// The Durable Task worker and client over the in-process sidecar, with the workflow and its activities
    /// registered under the same names as in Comms.Functions.
    /// </summary>
    public static IServiceCollection AddCommsDurable(this IServiceCollection services)
    {
        services.AddOptions<DurableOptions>().BindConfiguration(DurableOptions.Section)
            .Validate(o => o.ControlQueueVisibilityTimeout > TimeSpan.Zero && o.WorkItemQueueVisibilityTimeout > TimeSpan.Zero, "Comms:Durable visibility timeouts must be positive.")
            .Validate(o => o.MaxQueuePollingInterval > TimeSpan.Zero, "Comms:Durable:MaxQueuePollingInterval must be positive.")
            .Validate(o => o.PartitionCount is >= 1 and <= 16, "Comms:Durable:PartitionCount must be between 1 and 16.")
            .Validate(o => o.MaxConcurrentActivities > 0 && o.MaxConcurrentOrchestrations > 0, "Comms:Durable concurrency must be positive.")
            .ValidateOnStart();

        // Registered before the worker, so that the sidecar is listening when the worker connects (hosted services start in order).
        services.AddSingleton<DurableSidecar>();
        services.AddHostedService(sp => sp.GetRequiredService<DurableSidecar>());
        services.AddSingleton<DurableReadiness>();
        services.AddSingleton<DurableWedgeWatch>();
        services.AddHostedService<DurableWedgeRecovery>();
        services.AddSingleton<IInstanceExistsSignal, InstanceExistsSignal>();
        services.AddSingleton<IWorkflowClient>(sp => sp.GetRequiredService<DurableWorkflows>().For(sp.GetRequiredService<DurableTaskClient>()));

        services.AddDurableTaskWorker(builder =>
        {
            builder.UseGrpc();
            builder.Services.AddOptions<GrpcDurableTaskWorkerOptions>(builder.Name)
                .Configure<DurableSidecar>((o, sidecar) => o.Channel = sidecar.Channel);
            builder.Services.AddOptions<DurableTaskWorkerOptions>(builder.Name)
                .Configure<IOptions<DurableOptions>>((o, durable) =>
                {
                    o.Concurrency.MaximumConcurrentActivityWorkItems = durable.Value.MaxConcurrentActivities;
                    o.Concurrency.MaximumConcurrentOrchestrationWorkItems = durable.Value.MaxConcurrentOrchestrations;
                });
            builder.AddTasks(registry =>
            {
                registry.AddOrchestratorFunc<WorkflowInput, CommsOutcome>(CommsWorkflow.Name, (context, input) => CommsWorkflow.RunAsync(context, input));
                Add<GatherActivity, CommsRequest, GatherResult>(registry, ActivityNames.Gather);
                Add<RenderActivity, RenderInput, RenderResult>(registry, ActivityNames.Render);
                Add<PrepareActivity, CommsRequest, PrepareResult>(registry, ActivityNames.Prepare);
                Add<ProceedActivity, CommsRequest, ProceedResult>(registry, ActivityNames.Proceed);
                Add<SendActivity, SendInput, SendResult>(registry, ActivityNames.Send);
                Add<StoreActivity, StoreInput, StoreResult>(registry, ActivityNames.Store);
                Add<RecordStatusActivity, StatusReport, bool>(registry, ActivityNames.RecordStatus);
                Add<RecordWaitActivity, RequestWait, bool>(registry, ActivityNames.RecordWait);
                Add<OpenChildActivity, OpenChildInput, bool>(registry, ActivityNames.OpenChild);
                Add<CloseStepActivity, string, CommsStatus>(registry, ActivityNames.CloseStep);
                registry.AddOrchestratorFunc<BatchInput, BatchProgress>(BatchNames.Orchestration, (context, input) => BatchWorkflow.RunAsync(context, input));
                Add<PrepareBatchActivity, string, BatchPlan>(registry, BatchNames.Prepare);
                Add<CheckBatchActivity, string, BatchProgress>(registry, BatchNames.Check);
                registry.AddActivity(BatchNames.StartChunk, sp => new StartBatchChunkTaskActivity(sp.GetRequiredService<StartBatchChunkActivity>(), sp.GetRequiredService<IWorkflowClient>()));
            });
        });
        services.AddDurableTaskClient(builder =>
        {
            builder.UseGrpc();
            builder.Services.AddOptions<GrpcDurableTaskClientOptions>(builder.Name)
                .Configure<DurableSidecar>((o, sidecar) => o.Channel = sidecar.Channel);
            builder.RegisterDirectly();
        });
        return services;
    }

    private static void Add<TActivity, TInput, TOutput>(DurableTaskRegistry registry, string name)
        where TActivity : ICommsActivity<TInput, TOutput> =>
        registry.AddActivity(name, sp => new CommsTaskActivity<TActivity, TInput, TOutput>(sp.GetRequiredService<TActivity>()));
}
