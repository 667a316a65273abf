using Comms.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.Infrastructure.Providers.OnlineInbox;

/// <summary>The online channel: the account's inbox in Table storage (<see cref="INotificationInbox"/>).</summary>
public static class OnlineInboxRegistration
{
    public static IServiceCollection AddOnlineInbox(this IServiceCollection services) =>
        services.AddSingleton<IMessageSender, OnlineInboxSender>();
}
