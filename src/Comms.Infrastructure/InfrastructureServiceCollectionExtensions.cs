using Comms.Core.Pacing;
using Comms.Core.Workflow;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>Storage, rendering, the channels' providers and the status callbacks, as configured (the keys of AppSettingNames and README, Configuration).</summary>
    public static IServiceCollection AddCommsInfrastructure(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddCommsStorage(configuration)
            .AddCommsRendering(configuration)
            .AddCommsChannels(configuration)
            .AddCommsStatusCallbacks()
            .AddCommsPacing(configuration);

    /// <summary><c>Comms:Retries</c> (<see cref="WorkflowPolicy"/>) and <c>Comms:RateLimits</c> (<see cref="RateLimitOptions"/>), validated at start.</summary>
    public static IServiceCollection AddCommsPacing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowPolicy>().BindConfiguration(WorkflowPolicy.Section)
            .Validate(p => p.Problem() is null, WorkflowPolicy.Rule)
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>()
            .Configure(o => configuration.GetSection(RateLimitOptions.Section).Bind(o.Channels))
            .Validate(o => o.Problem() is null, "Comms:RateLimits is invalid: every key a channel's wire name, every limit 1–8000 over a period of at least 1 s.")
            .ValidateOnStart();
        return services;
    }
}
