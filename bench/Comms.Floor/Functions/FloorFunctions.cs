using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Comms.Floor.Functions;

/// <summary>The floor's functions: the same HTTP shape as Comms.Floor.Server, so one driver runs both.</summary>
public static class FloorFunctions
{
    [Function("FloorStart")]
    public static async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "floor/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client)
    {
        FloorRun.MarkSubmitted(id);
        await client.ScheduleNewOrchestrationInstanceAsync(FloorRun.Orchestration, id, new StartOrchestrationOptions(id), request.HttpContext.RequestAborted);
        return new AcceptedResult();
    }

    [Function("FloorReport")]
    public static IActionResult Report([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "floor")] HttpRequest request) =>
        new OkObjectResult(FloorRun.Report(request.Query["prefix"].ToString()));

    [Function(FloorRun.Orchestration)]
    public static Task<int> Run([OrchestrationTrigger] TaskOrchestrationContext context) => FloorRun.RunAsync(context);

    [Function(FloorRun.Activity)]
    public static int Noop([ActivityTrigger] int input) => FloorRun.Noop(input);
}
