namespace Comms.Server.Queues;

public static class QueueListenerRegistration
{
    /// <summary>The listeners of the queues both hosts bind (<see cref="Core.Hosting.HostBindings.Queues"/>).</summary>
    public static IServiceCollection AddQueueListeners(this IServiceCollection services)
    {
        services.AddOptions<QueueListenerOptions>().BindConfiguration(QueueListenerOptions.Section);
        services.AddHostedService<WorkflowEventListener>();
        services.AddHostedService<StatusCallbackListener>();
        return services;
    }
}
