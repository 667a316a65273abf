using Comms.Api.Consent;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Comms.Core.Hosting.HostBindings;

namespace Comms.Functions;

/// <summary>Consent routes of openapi.yaml (README, Consent and preferences), bound as <see cref="Comms.Core.Hosting.HostBindings.Http"/> declares them.</summary>
public sealed class ConsentHttpFunctions(ConsentApi consent)
{
    [Function(FunctionNames.GetPreferences)]
    public Task<IResult> GetPreferences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Preferences)] HttpRequest req,
        string accountId) =>
        consent.GetPreferencesAsync(accountId, req.HttpContext.RequestAborted);

    [Function(FunctionNames.PutPreferences)]
    public Task<IResult> PutPreferences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Routes.Preferences)] HttpRequest req,
        string accountId) =>
        consent.PutPreferencesAsync(accountId, req, req.HttpContext.RequestAborted);

    /// <summary>Anonymous: recipients open it from an e-mail; the signed token is the authority.</summary>
    [Function(FunctionNames.UnsubscribePage)]
    public IResult UnsubscribePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Unsubscribe)] HttpRequest req,
        string token) =>
        consent.UnsubscribePage(token);

    /// <summary>Anonymous: the RFC 8058 one-click POST of mail clients, or the page's button.</summary>
    [Function(FunctionNames.Unsubscribe)]
    public Task<IResult> Unsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Unsubscribe)] HttpRequest req,
        string token) =>
        consent.UnsubscribeAsync(token, req, req.HttpContext.RequestAborted);
}
