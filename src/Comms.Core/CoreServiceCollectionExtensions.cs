using Comms.Core.Activities;
using Comms.Core.Intake;
using Comms.Core.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Comms.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>The workflow's activities, the intake and the status intake: everything that decides something.</summary>
    public static IServiceCollection AddCommsCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StatusRecorder>();
        services.AddSingleton<Templating.TemplateSets>();
        services.AddSingleton<Templating.TemplatePublisher>();
        services.AddSingleton<CommsIntake>();
        services.AddSingleton<Cancellations>();
        services.AddSingleton<Batches.BatchIntake>();
        services.AddSingleton<Batches.PrepareBatchActivity>();
        services.AddSingleton<Batches.StartBatchChunkActivity>();
        services.AddSingleton<Batches.CheckBatchActivity>();
        services.AddSingleton<WorkflowEventHandler>();
        services.AddSingleton<GatherActivity>();
        services.AddSingleton<RenderActivity>();
        services.AddSingleton<PrepareActivity>();
        services.AddSingleton<ProceedActivity>();
        services.AddSingleton<SendActivity>();
        services.AddSingleton<StoreActivity>();
        services.AddSingleton<RecordStatusActivity>();
        services.AddSingleton<RecordWaitActivity>();
        services.AddSingleton<OpenChildActivity>();
        services.AddSingleton<CloseStepActivity>();
        services.AddSingleton<ExternalStatusIntake>();
        services.AddSingleton<Consent.ConsentPolicy>();
        services.AddSingleton<Consent.UnsubscribeLinks>();
        services.AddSingleton<Consent.InboundSms>();
        return services;
    }
}
