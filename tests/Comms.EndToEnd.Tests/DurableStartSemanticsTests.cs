using System.Net;
using System.Net.Http.Json;
using Comms.Core.Domain;
using Comms.Core.Workflow;
using Comms.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// What the Durable Task SDK does when an instance id is started again, on Comms.Server's stack (SDK → in-process
/// sidecar → DTFx Azure Storage). The intake relies on this: every start carries all dedupe statuses.
/// </summary>
public sealed class DurableStartSemanticsTests : IAsyncLifetime
{
    private InProcessServer server = null!;

    private HttpClient Http => server.Http;

    private DurableTaskClient Client => server.App.Services.GetRequiredService<DurableTaskClient>();

    public async Task InitializeAsync() => server = await InProcessServer.StartAsync("dedupe");

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_start_with_every_dedupe_status_keeps_a_completed_instance_but_a_plain_start_re_runs_it()
    {
        var id = "dedupe-" + Guid.NewGuid().ToString("N");
        using var submit = await Http.PostAsJsonAsync("api/comms", new { requestId = id, accountId = "ACC-DD", commsType = "InvoiceReady", channel = "online" });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var original = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, original.RuntimeStatus);
        var request = original.ReadInputAs<CommsRequest>()!;

        // With every dedupe status (what CommsIntake does): no error, and the original instance is kept.
        var deduped = new StartOrchestrationOptions(id).WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);
        await Client.ScheduleNewOrchestrationInstanceAsync(CommsWorkflow.Name, request, deduped);
        var kept = await Client.GetInstanceAsync(id);
        Assert.Equal(original.CreatedAt, kept!.CreatedAt);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, kept.RuntimeStatus);

        // Without them, the SDK on this stack re-runs a completed instance: the reason the intake never starts that way.
        await Client.ScheduleNewOrchestrationInstanceAsync(CommsWorkflow.Name, request, new StartOrchestrationOptions(id));
        var rerun = await Eventually.Get(
            async () => await Client.GetInstanceAsync(id) is { } i && i.CreatedAt != original.CreatedAt ? i : null,
            TimeSpan.FromSeconds(30),
            "the instance to be replaced");
        Assert.NotEqual(original.CreatedAt, rerun.CreatedAt);
    }

    [Fact]
    public async Task Submitting_twice_while_running_keeps_the_running_instance()
    {
        var id = "running-" + Guid.NewGuid().ToString("N");
        var body = new { requestId = id, accountId = "ACC-DD", commsType = "InvoiceReady", channel = "online", sendAt = DateTimeOffset.UtcNow.AddSeconds(3) };
        using var first = await Http.PostAsJsonAsync("api/comms", body);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var running = await Client.WaitForInstanceStartAsync(id, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        // A start with every dedupe status while the instance runs leaves it running (no replacement, no error).
        var deduped = new StartOrchestrationOptions(id).WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);
        await Client.ScheduleNewOrchestrationInstanceAsync(CommsWorkflow.Name, running.ReadInputAs<CommsRequest>(), deduped);
        Assert.Equal(running.CreatedAt, (await Client.GetInstanceAsync(id))!.CreatedAt);

        using var second = await Http.PostAsJsonAsync("api/comms", body);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        var done = await Client.WaitForInstanceCompletionAsync(id, new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal(running.CreatedAt, done.CreatedAt);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
    }
}
