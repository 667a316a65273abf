using Comms.Server.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace Comms.Floor.Server;

/// <summary>
/// <c>POST /api/floor/{id}</c> starts one floor orchestration (as <c>POST /api/comms</c> starts one request),
/// <c>GET /api/floor?prefix=</c> reports them (<see cref="FloorReport"/>), <c>GET /api/health</c> answers once the
/// durable worker runs.
/// </summary>
internal static class FloorServerProgram
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        // Comms.Server's durable runtime, registered by its own code; the floor's tasks join the registry of the same
        // (default-named) worker, as AddTasks does, without a second worker builder.
        builder.Services.AddCommsDurable();
        builder.Services.Configure<DurableTaskRegistry>(Options.DefaultName, registry =>
        {
            registry.AddOrchestratorFunc<int>(FloorRun.Orchestration, context => FloorRun.RunAsync(context));
            registry.AddActivityFunc<int, int>(FloorRun.Activity, (_, input) => FloorRun.Noop(input));
        });

        var app = builder.Build();
        app.MapPost("/api/floor/{id}", async (string id, DurableTaskClient client, CancellationToken cancellationToken) =>
        {
            FloorRun.MarkSubmitted(id);
            await client.ScheduleNewOrchestrationInstanceAsync(FloorRun.Orchestration, id, new StartOrchestrationOptions(id), cancellationToken);
            return Results.Accepted();
        });
        app.MapGet("/api/floor", (string prefix) => Results.Ok(FloorRun.Report(prefix)));
        app.MapGet("/api/health", async (DurableTaskClient client, CancellationToken cancellationToken) =>
        {
            await client.GetInstanceAsync("floor-health-probe", getInputsAndOutputs: false, cancellationToken);
            return Results.Ok();
        });
        app.Run();
    }
}
