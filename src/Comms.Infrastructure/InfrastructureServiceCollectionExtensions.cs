using Comms.Core.Pacing;
using Comms.Core.Workflow;
using Comms.Infrastructure.Cmp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.Infrastructure;

public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>Storage, the account data Gather reads, rendering, the channels' providers and the status callbacks, as configured (the keys of AppSettingNames and README, Configuration).</summary>
    public static IServiceCollection AddCommsInfrastructure(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddCommsStorage(configuration)
            .AddCommsAccountData(configuration)
            .AddCommsRendering(configuration)
            .AddCommsChannels(configuration)
            .AddCommsStatusCallbacks()
            .AddCommsPacing(configuration);

    /// <summary><c>Comms:Retries</c> (<see cref="WorkflowPolicy"/>), <c>Comms:RateLimits</c> (<see cref="RateLimitOptions"/>) and <c>Comms:Batches</c>, validated at start.</summary>
    public static IServiceCollection AddCommsPacing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkflowPolicy>().BindConfiguration(WorkflowPolicy.Section)
            .Validate(p => p.Problem() is null, WorkflowPolicy.Rule)
            .ValidateOnStart();
        services.AddOptions<RateLimitOptions>()
            .Configure(o => configuration.GetSection(RateLimitOptions.Section).Bind(o.Channels))
            .Validate(o => o.Problem() is null, "Comms:RateLimits is invalid: every key a channel's wire name, every limit 1–8000 over a period of at least 1 s.")
            .ValidateOnStart();
        services.AddOptions<Comms.Core.Batches.BatchOptions>().BindConfiguration(Comms.Core.Batches.BatchOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Poll >= TimeSpan.FromMilliseconds(100) && o.MaxPoll >= o.Poll, "Comms:Batches:Poll must be at least 100 ms and MaxPoll at least Poll.")
            .ValidateOnStart();
        services.AddOptions<Comms.Core.Consent.CommsTypeCatalogue>()
            .Configure(o => configuration.GetSection(Comms.Core.Consent.CommsTypeCatalogue.Section).Bind(o.Types))
            .Validate(o => o.Problem() is null, "Comms:CommsTypes is invalid: every Category one of " + string.Join(", ", Comms.Core.Consent.ConsentCategories.All) + ".")
            .ValidateOnStart();
        services.AddOptions<QuietHoursOptions>()
            .Configure(o =>
            {
                var section = configuration.GetSection(QuietHoursOptions.Section);
                o.DefaultTimeZone = section["DefaultTimeZone"];
                section.GetSection("Channels").Bind(o.Channels);
            })
            .Validate(o => o.Problem() is null, "Comms:QuietHours is invalid: DefaultTimeZone an IANA time zone, every channel a wire name with a Start and an End that differ.")
            .ValidateOnStart();
        services.AddOptions<Comms.Core.Consent.ConsentOptions>().BindConfiguration(Comms.Core.Consent.ConsentOptions.Section)
            .Validate(o => o.Problem() is null, "Comms:Consent is invalid: SigningKey base64 of at least 32 bytes, PublicBaseUrl an absolute http(s) URL, LinkLifetime positive.")
            .ValidateOnStart();
        return services;
    }
}
