using Comms.Api;
using Comms.Api.Batches;
using Comms.Api.Durable;
using Comms.Api.Status;
using Comms.Core.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using static Comms.Core.Hosting.HostBindings;

namespace Comms.Functions;

/// <summary>
/// The HTTP API of openapi.yaml (ASP.NET Core integration), bound as <see cref="HostBindings.Http"/> declares it. Each function binds its route and calls
/// the shared <see cref="CommsApi"/>; the route prefix is <see cref="HostBindings.RoutePrefix"/> (host.json). Every route is anonymous to the
/// Functions host: the app checks the key and its role itself (<see cref="ApiKeyMiddleware"/>), so it knows which key called.
/// </summary>
public sealed class CommsHttpFunctions(CommsApi api, BatchesApi batches, StatusWebhookHandler statusWebhook, AcsEventHandler acsEvents, Comms.Api.Audit.AuditApi audit, DurableWorkflows workflows)
{
    [Function(FunctionNames.SubmitComms)]
    public Task<IResult> Submit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Comms)] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        api.SubmitAsync(req, workflows.For(client), req.HttpContext.RequestAborted);

    [Function(FunctionNames.GetComms)]
    public Task<IResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CommsById)] HttpRequest req,
        string requestId) =>
        api.GetAsync(requestId, req.HttpContext.RequestAborted);

    [Function(FunctionNames.ListComms)]
    public Task<IResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Comms)] HttpRequest req) =>
        api.ListByStatusAsync(req, req.HttpContext.RequestAborted);

    [Function(FunctionNames.ResendComms)]
    public Task<IResult> Resend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Resend)] HttpRequest req,
        string requestId,
        [DurableClient] DurableTaskClient client) =>
        api.ResendAsync(requestId, req, workflows.For(client), req.HttpContext.RequestAborted);

    [Function(FunctionNames.CancelComms)]
    public Task<IResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Cancel)] HttpRequest req,
        string requestId) =>
        batches.CancelRequestAsync(requestId, req, req.HttpContext.RequestAborted);

    [Function(FunctionNames.SubmitBatch)]
    public Task<IResult> SubmitBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Batches)] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        batches.SubmitAsync(req, workflows.For(client), req.HttpContext.RequestAborted);

    [Function(FunctionNames.GetBatch)]
    public Task<IResult> GetBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Batch)] HttpRequest req,
        string batchId) =>
        batches.GetAsync(batchId, req.HttpContext.RequestAborted);

    [Function(FunctionNames.ListBatchItems)]
    public Task<IResult> ListBatchItems(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.BatchItems)] HttpRequest req,
        string batchId) =>
        batches.ListItemsAsync(batchId, req, req.HttpContext.RequestAborted);

    [Function(FunctionNames.CancelBatch)]
    public Task<IResult> CancelBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.BatchCancel)] HttpRequest req,
        string batchId) =>
        batches.CancelAsync(batchId, req, req.HttpContext.RequestAborted);

    [Function(FunctionNames.CancelByKey)]
    public Task<IResult> CancelByKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Cancellation)] HttpRequest req,
        string cancellationKey) =>
        batches.CancelByKeyAsync(cancellationKey, req, req.HttpContext.RequestAborted);

    [Function(FunctionNames.ListAccountComms)]
    public Task<IResult> ListByAccount(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AccountComms)] HttpRequest req,
        string accountId) =>
        api.ListByAccountAsync(accountId, req, req.HttpContext.RequestAborted);

    [Function(FunctionNames.GetCommsDocument)]
    public Task<IResult> GetDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Document)] HttpRequest req,
        string requestId,
        string name) =>
        api.GetDocumentAsync(requestId, name, req, req.HttpContext.RequestAborted);

    [Function(FunctionNames.ListNotifications)]
    public Task<IResult> ListNotifications(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Notifications)] HttpRequest req,
        string accountId) =>
        api.ListNotificationsAsync(accountId, req.HttpContext.RequestAborted);

    [Function(FunctionNames.MarkNotificationRead)]
    public Task<IResult> MarkNotificationRead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.NotificationRead)] HttpRequest req,
        string accountId,
        string id) =>
        api.MarkNotificationReadAsync(accountId, id, req.HttpContext.RequestAborted);

    [Function(FunctionNames.PutProfile)]
    public Task<IResult> PutProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Profile)] HttpRequest req,
        string accountId) =>
        api.PutProfileAsync(accountId, req, req.HttpContext.RequestAborted);

    [Function(FunctionNames.GetProfile)]
    public Task<IResult> GetProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Profile)] HttpRequest req,
        string accountId) =>
        api.GetProfileAsync(accountId, req.HttpContext.RequestAborted);

    /// <summary>Anonymous in the app too: the handler authenticates the partner's Standard Webhooks signature.</summary>
    [Function(FunctionNames.ReportStatus)]
    public Task<IResult> ReportStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Status)] HttpRequest req,
        string requestId,
        [DurableClient] DurableTaskClient client) =>
        statusWebhook.HandleAsync(requestId, req, workflows.For(client), req.HttpContext.RequestAborted);

    /// <summary>The Event Grid subscription carries its key (role <c>events</c>) as <c>?code=</c> in its endpoint URL.</summary>
    [Function(FunctionNames.AcsEvents)]
    public Task<IResult> AcsEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AcsEvents)] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        acsEvents.HandleAsync(req, workflows.For(client), req.HttpContext.RequestAborted);

    [Function(FunctionNames.ListRejected)]
    public Task<IResult> ListRejected(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Rejected)] HttpRequest req) =>
        api.ListRejectedAsync(req, req.HttpContext.RequestAborted);

    [Function(FunctionNames.ListAudit)]
    public Task<IResult> ListAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Audit)] HttpRequest req) =>
        audit.ListAsync(req, req.HttpContext.RequestAborted);

    /// <summary>Anonymous, for probes: storage answers, and the Durable extension answers a query through its task hub.</summary>
    [Function(FunctionNames.Health)]
    public async Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        await api.HealthAsync(await DurableProbe.IsReadyAsync(client, req.HttpContext.RequestAborted), req.HttpContext.RequestAborted);
}
