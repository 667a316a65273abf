using Comms.Core.Ports;
using Comms.Infrastructure.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Comms.Infrastructure.Providers.ExternalWebhook;

/// <summary>Push to external: Standard Webhooks to the systems of <c>Comms:External:Systems</c>.</summary>
public static class ExternalWebhookRegistration
{
    public static IServiceCollection AddExternalSystems(this IServiceCollection services)
    {
        services.AddOptions<ExternalSystemsOptions>().BindConfiguration(ExternalSystemsOptions.Section).ValidateProblems(o => o.Problems()).ValidateOnStart();
        services.AddProviderClient(ExternalWebhookSender.ClientName);
        services.AddSingleton<IMessageSender>(sp => new ExternalWebhookSender(
            sp.GetRequiredService<IHttpClientFactory>(),
            new Dictionary<string, ExternalSystemOptions>(sp.GetRequiredService<IOptions<ExternalSystemsOptions>>().Value.Systems, StringComparer.OrdinalIgnoreCase),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
