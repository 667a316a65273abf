using Comms.Api.Agent;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using static Comms.Core.Hosting.HostBindings;

namespace Comms.Functions;

/// <summary>The agent page and its search (README, The agent page), bound as <see cref="Comms.Core.Hosting.HostBindings.Http"/> declares them.</summary>
public sealed class AgentHttpFunctions(AgentApi agent)
{
    [Function(FunctionNames.Search)]
    public Task<IResult> Search(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Search)] HttpRequest req) =>
        agent.SearchAsync(req, req.HttpContext.RequestAborted);

    /// <summary>Anonymous: static files with no data in them; every data call the page makes sends the agent's key.</summary>
    [Function(FunctionNames.AgentPage)]
    public static IResult Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgentPage)] HttpRequest req,
        string? path) =>
        AgentPage.Serve(path);
}
