using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Api.Durable;
using Comms.Core.Ports;
using Comms.Core.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.DurableTask.Client.Grpc;

namespace Comms.Server.Durable;

public static class DurableRegistration
{
    /// <summary>
    /// The Durable Task worker and client over the in-process sidecar, with the workflow and its activities
    /// registered under the same names as in Comms.Functions.
    /// </summary>
    public static IServiceCollection AddCommsDurable(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DurableOptions>().BindConfiguration(DurableOptions.Section);
        var durable = configuration.GetSection(DurableOptions.Section).Get<DurableOptions>() ?? new DurableOptions();

        // Registered before the worker, so that the sidecar is listening when the worker connects (hosted services start in order).
        services.AddSingleton<DurableSidecar>();
        services.AddHostedService(sp => sp.GetRequiredService<DurableSidecar>());
        services.AddSingleton<DurableReadiness>();
        services.AddSingleton<IInstanceExistsSignal, InstanceExistsSignal>();
        services.AddSingleton<IWorkflowClient>(sp => sp.GetRequiredService<DurableWorkflows>().For(sp.GetRequiredService<DurableTaskClient>()));

        services.AddDurableTaskWorker(builder =>
        {
            builder.UseGrpc();
            builder.Services.AddOptions<GrpcDurableTaskWorkerOptions>(builder.Name)
                .Configure<DurableSidecar>((o, sidecar) => o.Channel = sidecar.Channel);
            builder.Configure(o =>
            {
                o.Concurrency.MaximumConcurrentActivityWorkItems = durable.MaxConcurrentActivities;
                o.Concurrency.MaximumConcurrentOrchestrationWorkItems = durable.MaxConcurrentOrchestrations;
            });
            builder.AddTasks(registry =>
            {
                registry.AddOrchestratorFunc<CommsRequest, CommsOutcome>(CommsWorkflow.Name, (context, request) => CommsWorkflow.RunAsync(context, request));
                Add<GatherActivity, CommsRequest, GatherResult>(registry, ActivityNames.Gather);
                Add<RenderActivity, RenderInput, RenderResult>(registry, ActivityNames.Render);
                Add<SendActivity, SendInput, SendResult>(registry, ActivityNames.Send);
                Add<StoreActivity, StoreInput, StoreResult>(registry, ActivityNames.Store);
                Add<RecordStatusActivity, StatusReport, bool>(registry, ActivityNames.RecordStatus);
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
