using Comms.Core.Activities;
using Comms.Core.Http;
using Comms.Core.Intake;
using Comms.Core.Status;
using Comms.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Comms.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>The workflow's activities, the intake and the HTTP API: everything that decides something.</summary>
    public static IServiceCollection AddCommsCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StatusRecorder>();
        services.AddSingleton<CommsIntake>();
        services.AddSingleton<WorkflowEventHandler>();
        services.AddSingleton<CommsApi>();
        services.AddSingleton<GatherActivity>();
        services.AddSingleton<RenderActivity>();
        services.AddSingleton<SendActivity>();
        services.AddSingleton<StoreActivity>();
        services.AddSingleton<RecordStatusActivity>();
        services.AddSingleton<ExternalStatusIntake>();
        services.AddSingleton<StatusWebhookHandler>();
        services.AddSingleton<AcsEventHandler>();
        services.AddOptions<StatusWebhookOptions>()
            .BindConfiguration(StatusWebhookOptions.Section)
            .Validate(o => o.Partners.Values.SelectMany(p => p.Secrets).All(StandardWebhook.IsValidSecret), "Comms:StatusWebhook:Partners:{name}:Secrets must be whsec_ secrets (base64 keys).")
            .ValidateOnStart();
        return services;
    }
}
