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
            .AddCommsStatusCallbacks();
}
