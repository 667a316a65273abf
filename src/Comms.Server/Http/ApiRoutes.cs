using Comms.Core.Http;
using Comms.Core.Status;
using Comms.Server.Durable;
using Microsoft.DurableTask.Client;

namespace Comms.Server.Http;

public static class ApiRoutes
{
    public static IServiceCollection AddCommsApiKeys(this IServiceCollection services)
    {
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ApiKeyFilter>();
        return services;
    }

    /// <summary>The routes of CONTRACT.md, the same as Comms.Functions serves, each handled by <see cref="CommsApi"/>.</summary>
    public static IEndpointRouteBuilder MapCommsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/health", (CommsApi a, DurableReadiness durable, CancellationToken ct) => HealthAsync(a, durable, ct));

        // Authenticated by its Standard Webhooks signature, not by an API key.
        api.MapPost("/comms/{requestId}/status", (string requestId, HttpRequest r, StatusWebhookHandler h, DurableTaskClient c, CancellationToken ct) => h.HandleAsync(requestId, r, c, ct));

        var keyed = api.MapGroup("").AddEndpointFilter<ApiKeyFilter>();
        keyed.MapPost("/comms", (HttpRequest r, CommsApi a, DurableTaskClient c, CancellationToken ct) => a.SubmitAsync(r, c, ct));
        keyed.MapGet("/comms/{requestId}", (string requestId, CommsApi a, CancellationToken ct) => a.GetAsync(requestId, ct));
        keyed.MapGet("/comms/{requestId}/documents/{name}", (string requestId, string name, CommsApi a, CancellationToken ct) => a.GetDocumentAsync(requestId, name, ct));
        keyed.MapGet("/accounts/{accountId}/comms", (string accountId, HttpRequest r, CommsApi a, CancellationToken ct) => a.ListByAccountAsync(accountId, r, ct));
        keyed.MapGet("/accounts/{accountId}/notifications", (string accountId, CommsApi a, CancellationToken ct) => a.ListNotificationsAsync(accountId, ct));
        keyed.MapPost("/accounts/{accountId}/notifications/{id}/read", (string accountId, string id, CommsApi a, CancellationToken ct) => a.MarkNotificationReadAsync(accountId, id, ct));
        keyed.MapGet("/accounts/{accountId}/profile", (string accountId, CommsApi a, CancellationToken ct) => a.GetProfileAsync(accountId, ct));
        keyed.MapPut("/accounts/{accountId}/profile", (string accountId, HttpRequest r, CommsApi a, CancellationToken ct) => a.PutProfileAsync(accountId, r, ct));
        keyed.MapPost("/events/acs", (HttpRequest r, AcsEventHandler h, DurableTaskClient c, CancellationToken ct) => h.HandleAsync(r, c, ct));
        keyed.MapGet("/rejected", (HttpRequest r, CommsApi a, CancellationToken ct) => a.ListRejectedAsync(r, ct));
        return app;
    }

    private static async Task<IResult> HealthAsync(CommsApi api, DurableReadiness durable, CancellationToken cancellationToken) =>
        await api.HealthAsync(await durable.IsReadyAsync(cancellationToken), cancellationToken);
}
