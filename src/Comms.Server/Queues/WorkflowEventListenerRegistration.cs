namespace Comms.Server.Queues;

public static class WorkflowEventListenerRegistration
{
    public static IServiceCollection AddWorkflowEventListener(this IServiceCollection services)
    {
        services.AddOptions<WorkflowEventListenerOptions>().BindConfiguration(WorkflowEventListenerOptions.Section);
        services.AddHostedService<WorkflowEventListener>();
        return services;
    }
}
