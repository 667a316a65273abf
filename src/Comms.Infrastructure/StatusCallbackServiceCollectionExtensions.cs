using Comms.Core.Ports;
using Comms.Core.Webhooks;
using Comms.Infrastructure.Callbacks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Comms.Infrastructure;

public static class StatusCallbackServiceCollectionExtensions
{
    /// <summary>The outbound status notifications (<c>Comms:StatusCallbacks</c>): the queue they go through and their delivery.</summary>
    public static IServiceCollection AddCommsStatusCallbacks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StatusCallbackOptions>()
            .BindConfiguration(StatusCallbackOptions.Section)
            .Validate(o => o.Url is null || (o.Url.IsAbsoluteUri && o.Url.Scheme is "http" or "https"), "Comms:StatusCallbacks:Url must be an absolute http(s) URL.")
            .Validate(o => o.Url is null || StandardWebhook.IsValidSecret(o.Secret), "Comms:StatusCallbacks:Secret must be a whsec_ secret when Comms:StatusCallbacks:Url is set.")
            .Validate(o => o.MaxAttempts >= 1 && o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay && o.Timeout > TimeSpan.Zero, "Comms:StatusCallbacks retry settings are out of range.")
            .ValidateOnStart();
        services.AddHttpClient(StatusCallbackDelivery.HttpClientName);
        services.TryAddSingleton<QueueStatusCallbacks>();
        services.TryAddSingleton<IStatusCallbacks>(sp => sp.GetRequiredService<QueueStatusCallbacks>());
        services.TryAddSingleton<StatusCallbackDelivery>();
        return services;
    }
}
