using Comms.Core.Ports;
using Comms.Infrastructure.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Comms.Infrastructure.Providers.NotificationHubs;

/// <summary>Azure Notification Hubs for push to handset.</summary>
public static class NotificationHubsRegistration
{
    public static IServiceCollection AddNotificationHubs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(NotificationHubsOptions.Section).Get<NotificationHubsOptions>() ?? new NotificationHubsOptions();
        if (string.IsNullOrWhiteSpace(options.HubName))
        {
            throw new InvalidOperationException("Comms:NotificationHubs:HubName is required when Comms:Push:Provider is NotificationHubs.");
        }

        var connection = ProviderSettings.Parse(() => NotificationHubsConnection.Parse(options.ConnectionString, options.Endpoint), "Comms:NotificationHubs:ConnectionString");
        services.AddProviderClient(NotificationHubsSender.ClientName);
        services.AddSingleton<IMessageSender>(sp => new NotificationHubsSender(
            sp.GetRequiredService<IHttpClientFactory>(), connection, options.HubName, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
