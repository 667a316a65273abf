using Comms.Core.Ports;
using Comms.Infrastructure.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Comms.Infrastructure.Providers.NotificationHubs;

/// <summary>Azure Notification Hubs for push to handset.</summary>
public static class NotificationHubsRegistration
{
    public static IServiceCollection AddNotificationHubs(this IServiceCollection services)
    {
        services.AddOptions<NotificationHubsOptions>().BindConfiguration(NotificationHubsOptions.Section).ValidateProblems(o => o.Problems()).ValidateOnStart();
        services.AddProviderClient(NotificationHubsSender.ClientName);
        services.AddSingleton<IMessageSender>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<NotificationHubsOptions>>().Value;
            return new NotificationHubsSender(
                sp.GetRequiredService<IHttpClientFactory>(), NotificationHubsConnection.Parse(options.ConnectionString, options.Endpoint), options.HubName, sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
