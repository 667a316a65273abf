using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Comms.Functions;

/// <summary>
/// The workflow and its activities as Durable Functions. The orchestration body and the activity classes live in
/// Comms.Core; the names come from <see cref="CommsWorkflow.Name"/> and <see cref="ActivityNames"/>, defined once.
/// </summary>
public sealed class CommsOrchestrationFunctions(
    GatherActivity gather,
    RenderActivity render,
    SendActivity send,
    StoreActivity store,
    RecordStatusActivity recordStatus,
    RecordWaitActivity recordWait)
{
    [Function(CommsWorkflow.Name)]
    public static Task<CommsOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        CommsWorkflow.RunAsync(context, context.GetInput<WorkflowInput>()!);

    [Function(ActivityNames.Gather)]
    public Task<GatherResult> Gather([ActivityTrigger] CommsRequest input, FunctionContext context) =>
        gather.RunAsync(input, context.CancellationToken);

    [Function(ActivityNames.Render)]
    public Task<RenderResult> Render([ActivityTrigger] RenderInput input, FunctionContext context) =>
        render.RunAsync(input, context.CancellationToken);

    [Function(ActivityNames.Send)]
    public Task<SendResult> Send([ActivityTrigger] SendInput input, FunctionContext context) =>
        send.RunAsync(input, context.CancellationToken);

    [Function(ActivityNames.Store)]
    public Task<StoreResult> Store([ActivityTrigger] StoreInput input, FunctionContext context) =>
        store.RunAsync(input, context.CancellationToken);

    [Function(ActivityNames.RecordStatus)]
    public Task<bool> RecordStatus([ActivityTrigger] StatusReport input, FunctionContext context) =>
        recordStatus.RunAsync(input, context.CancellationToken);

    [Function(ActivityNames.RecordWait)]
    public Task<bool> RecordWait([ActivityTrigger] RequestWait input, FunctionContext context) =>
        recordWait.RunAsync(input, context.CancellationToken);
}
