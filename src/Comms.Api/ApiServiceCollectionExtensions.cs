using Comms.Api.Durable;
using Comms.Api.Status;
using Comms.Core.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.Api;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The HTTP handlers both hosts bind their routes to (<see cref="Core.Hosting.HostBindings.Http"/>).</summary>
    public static IServiceCollection AddCommsApi(this IServiceCollection services)
    {
        services.AddSingleton<CommsApi>();
        services.AddSingleton<Batches.BatchesApi>();
        services.AddSingleton<Consent.ConsentApi>();
        services.AddSingleton<Templating.TemplatesApi>();
        services.AddSingleton<Agent.AgentApi>();
        services.AddSingleton<Audit.AuditApi>();
        services.AddSingleton<DurableWorkflows>();
        services.AddSingleton<StatusWebhookHandler>();
        services.AddSingleton<AcsEventHandler>();
        services.AddOptions<StatusWebhookOptions>()
            .BindConfiguration(StatusWebhookOptions.Section)
            .Validate(o => o.Partners.Values.SelectMany(p => p.Secrets).All(StandardWebhook.IsValidSecret), "Comms:StatusWebhook:Partners:{name}:Secrets must be whsec_ secrets (base64 keys).")
            .ValidateOnStart();
        return services;
    }
}
