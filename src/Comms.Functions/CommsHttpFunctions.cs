using Comms.Core.Http;
using Comms.Core.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Comms.Functions;

/// <summary>
/// The HTTP API of CONTRACT.md (ASP.NET Core integration). Each function binds its route and key level and calls
/// the shared <see cref="CommsApi"/>; the route prefix is <c>api</c> (host.json).
/// </summary>
public sealed class CommsHttpFunctions(CommsApi api, StatusWebhookHandler statusWebhook, AcsEventHandler acsEvents)
{
    [Function("SubmitComms")]
    public Task<IResult> Submit(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "comms")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        api.SubmitAsync(req, client, req.HttpContext.RequestAborted);

    [Function("GetComms")]
    public Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "comms/{requestId}")] HttpRequest req,
        string requestId) =>
        api.GetAsync(requestId, req.HttpContext.RequestAborted);

    [Function("ListAccountComms")]
    public Task<IResult> ListByAccount(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "accounts/{accountId}/comms")] HttpRequest req,
        string accountId) =>
        api.ListByAccountAsync(accountId, req, req.HttpContext.RequestAborted);

    [Function("GetCommsDocument")]
    public Task<IResult> GetDocument(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "comms/{requestId}/documents/{name}")] HttpRequest req,
        string requestId,
        string name) =>
        api.GetDocumentAsync(requestId, name, req.HttpContext.RequestAborted);

    [Function("ListNotifications")]
    public Task<IResult> ListNotifications(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "accounts/{accountId}/notifications")] HttpRequest req,
        string accountId) =>
        api.ListNotificationsAsync(accountId, req.HttpContext.RequestAborted);

    [Function("MarkNotificationRead")]
    public Task<IResult> MarkNotificationRead(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "accounts/{accountId}/notifications/{id}/read")] HttpRequest req,
        string accountId,
        string id) =>
        api.MarkNotificationReadAsync(accountId, id, req.HttpContext.RequestAborted);

    [Function("PutProfile")]
    public Task<IResult> PutProfile(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "accounts/{accountId}/profile")] HttpRequest req,
        string accountId) =>
        api.PutProfileAsync(accountId, req, req.HttpContext.RequestAborted);

    [Function("GetProfile")]
    public Task<IResult> GetProfile(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "accounts/{accountId}/profile")] HttpRequest req,
        string accountId) =>
        api.GetProfileAsync(accountId, req.HttpContext.RequestAborted);

    /// <summary>Anonymous to the host: the handler authenticates the partner's Standard Webhooks signature.</summary>
    [Function("ReportStatus")]
    public Task<IResult> ReportStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "comms/{requestId}/status")] HttpRequest req,
        string requestId,
        [DurableClient] DurableTaskClient client) =>
        statusWebhook.HandleAsync(requestId, req, client, req.HttpContext.RequestAborted);

    /// <summary>The Event Grid subscription carries the function key as <c>?code=</c> in its endpoint URL.</summary>
    [Function("AcsEvents")]
    public Task<IResult> AcsEvents(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "events/acs")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        acsEvents.HandleAsync(req, client, req.HttpContext.RequestAborted);

    [Function("ListRejected")]
    public Task<IResult> ListRejected(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "rejected")] HttpRequest req) =>
        api.ListRejectedAsync(req, req.HttpContext.RequestAborted);

    /// <summary>
    /// Anonymous, for probes. The durable worker is part of this host: when the worker answers at all, the
    /// Durable extension is running, so only storage is checked.
    /// </summary>
    [Function("Health")]
    public Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req) =>
        api.HealthAsync(durableReady: true, req.HttpContext.RequestAborted);
}
