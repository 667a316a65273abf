using Comms.Api;
using Comms.Api.Batches;
using Comms.Api.Status;
using Comms.Core.Hosting;
using Comms.Core.Ports;
using Comms.Server.Durable;

namespace Comms.Server.Http;

public static class ApiRoutes
{
    /// <summary>
    /// The routes of <see cref="HostBindings.Http"/>, as Comms.Functions serves them: each with its method, and behind
    /// <see cref="ApiKeyFilter"/> with its roles unless it is anonymous.
    /// </summary>
    public static IEndpointRouteBuilder MapCommsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/" + HostBindings.RoutePrefix);
        api.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (Exception e) when (StorageFaults.IsStorageFault(e))
            {
                return StorageFaults.Unavailable(context.HttpContext);
            }
        });
        foreach (var binding in HostBindings.Http)
        {
            var endpoint = api.MapMethods("/" + binding.Route, [binding.Method], Handlers[binding.FunctionName]).WithName(binding.FunctionName);
            if (!binding.IsAnonymous)
            {
                endpoint.AddEndpointFilterFactory((factory, next) =>
                {
                    var filter = new ApiKeyFilter(factory.ApplicationServices.GetRequiredService<ApiKeys>(), binding);
                    return context => filter.InvokeAsync(context, next);
                });
            }
        }

        return app;
    }

    /// <summary>
    /// <c>/agent</c>, the agent page's short address on Comms.Server (README, The agent page), redirects to the page,
    /// which both hosts serve under the route prefix so that its own links are the same on both.
    /// </summary>
    public static IEndpointRouteBuilder MapAgentShortcut(this IEndpointRouteBuilder app)
    {
        app.MapGet("/agent", () => Results.Redirect(Comms.Api.Agent.AgentPage.Path));
        return app;
    }

    /// <summary>The handler of each function of <see cref="HostBindings.Http"/>, the same the Functions app calls.</summary>
    private static readonly Dictionary<string, Delegate> Handlers = new(StringComparer.Ordinal)
    {
        [HostBindings.FunctionNames.SubmitComms] = (HttpRequest r, CommsApi a, IWorkflowClient w, CancellationToken ct) => a.SubmitAsync(r, w, ct),
        [HostBindings.FunctionNames.ListComms] = (HttpRequest r, CommsApi a, CancellationToken ct) => a.ListByStatusAsync(r, ct),
        [HostBindings.FunctionNames.ResendComms] = (string requestId, HttpRequest r, CommsApi a, IWorkflowClient w, CancellationToken ct) => a.ResendAsync(requestId, r, w, ct),
        [HostBindings.FunctionNames.CancelComms] = (string requestId, HttpRequest r, BatchesApi a, CancellationToken ct) => a.CancelRequestAsync(requestId, r, ct),
        [HostBindings.FunctionNames.SubmitBatch] = (HttpRequest r, BatchesApi a, IWorkflowClient w, CancellationToken ct) => a.SubmitAsync(r, w, ct),
        [HostBindings.FunctionNames.GetBatch] = (string batchId, BatchesApi a, CancellationToken ct) => a.GetAsync(batchId, ct),
        [HostBindings.FunctionNames.ListBatchItems] = (string batchId, HttpRequest r, BatchesApi a, CancellationToken ct) => a.ListItemsAsync(batchId, r, ct),
        [HostBindings.FunctionNames.CancelBatch] = (string batchId, HttpRequest r, BatchesApi a, CancellationToken ct) => a.CancelAsync(batchId, r, ct),
        [HostBindings.FunctionNames.CancelByKey] = (string cancellationKey, HttpRequest r, BatchesApi a, CancellationToken ct) => a.CancelByKeyAsync(cancellationKey, r, ct),
        [HostBindings.FunctionNames.GetComms] = (string requestId, CommsApi a, CancellationToken ct) => a.GetAsync(requestId, ct),
        [HostBindings.FunctionNames.GetCommsDocument] = (string requestId, string name, HttpRequest r, CommsApi a, CancellationToken ct) => a.GetDocumentAsync(requestId, name, r, ct),
        [HostBindings.FunctionNames.ListAccountComms] = (string accountId, HttpRequest r, CommsApi a, CancellationToken ct) => a.ListByAccountAsync(accountId, r, ct),
        [HostBindings.FunctionNames.ListNotifications] = (string accountId, CommsApi a, CancellationToken ct) => a.ListNotificationsAsync(accountId, ct),
        [HostBindings.FunctionNames.MarkNotificationRead] = (string accountId, string id, CommsApi a, CancellationToken ct) => a.MarkNotificationReadAsync(accountId, id, ct),
        [HostBindings.FunctionNames.GetProfile] = (string accountId, CommsApi a, CancellationToken ct) => a.GetProfileAsync(accountId, ct),
        [HostBindings.FunctionNames.PutProfile] = (string accountId, HttpRequest r, CommsApi a, CancellationToken ct) => a.PutProfileAsync(accountId, r, ct),
        [HostBindings.FunctionNames.GetPreferences] = (string accountId, Comms.Api.Consent.ConsentApi a, CancellationToken ct) => a.GetPreferencesAsync(accountId, ct),
        [HostBindings.FunctionNames.PutPreferences] = (string accountId, HttpRequest r, Comms.Api.Consent.ConsentApi a, CancellationToken ct) => a.PutPreferencesAsync(accountId, r, ct),
        [HostBindings.FunctionNames.UnsubscribePage] = (string token, Comms.Api.Consent.ConsentApi a) => a.UnsubscribePage(token),
        [HostBindings.FunctionNames.Unsubscribe] = (string token, HttpRequest r, Comms.Api.Consent.ConsentApi a, CancellationToken ct) => a.UnsubscribeAsync(token, r, ct),
        [HostBindings.FunctionNames.PreviewTemplate] = (string commsType, HttpRequest r, Comms.Api.Templating.TemplatesApi a, CancellationToken ct) => a.PreviewAsync(commsType, r, ct),
        [HostBindings.FunctionNames.PublishTemplates] = (string commsType, HttpRequest r, Comms.Api.Templating.TemplatesApi a, CancellationToken ct) => a.PublishAsync(commsType, r, ct),
        [HostBindings.FunctionNames.ListTemplateVersions] = (string commsType, Comms.Api.Templating.TemplatesApi a, CancellationToken ct) => a.ListVersionsAsync(commsType, ct),
        [HostBindings.FunctionNames.GetTemplateVersion] = (string commsType, string version, Comms.Api.Templating.TemplatesApi a, CancellationToken ct) => a.GetVersionAsync(commsType, version, ct),
        [HostBindings.FunctionNames.ActivateTemplates] = (string commsType, string version, HttpRequest r, Comms.Api.Templating.TemplatesApi a, CancellationToken ct) => a.ActivateAsync(commsType, version, r, ct),
        [HostBindings.FunctionNames.AcsEvents] = (HttpRequest r, AcsEventHandler h, IWorkflowClient w, CancellationToken ct) => h.HandleAsync(r, w, ct),
        [HostBindings.FunctionNames.Search] = (HttpRequest r, Comms.Api.Agent.AgentApi a, CancellationToken ct) => a.SearchAsync(r, ct),
        [HostBindings.FunctionNames.AgentPage] = (string? path) => Comms.Api.Agent.AgentPage.Serve(path),
        [HostBindings.FunctionNames.ListAudit] = (HttpRequest r, Comms.Api.Audit.AuditApi a, CancellationToken ct) => a.ListAsync(r, ct),
        [HostBindings.FunctionNames.ListRejected] = (HttpRequest r, CommsApi a, CancellationToken ct) => a.ListRejectedAsync(r, ct),
        [HostBindings.FunctionNames.ReportStatus] = (string requestId, HttpRequest r, StatusWebhookHandler h, IWorkflowClient w, CancellationToken ct) => h.HandleAsync(requestId, r, w, ct),
        [HostBindings.FunctionNames.Health] = async (CommsApi a, DurableReadiness durable, CancellationToken ct) => await a.HealthAsync(await durable.IsReadyAsync(ct), ct),
    };
}
