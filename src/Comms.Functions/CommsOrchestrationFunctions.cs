using Comms.Api.Durable;
using Comms.Core.Activities;
using Comms.Core.Batches;
using Comms.Core.Domain;
using Comms.Core.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Comms.Functions;

/// <summary>
/// The workflow and its activities as Durable Functions. The orchestration body and the activity classes live in
/// Comms.Core; the names come from <see cref="CommsWorkflow.Name"/> and <see cref="ActivityNames"/>, defined once.
/// </summary>
public sealed class CommsOrchestrationFunctions(
    GatherActivity gather,
    RenderActivity render,
    PrepareActivity prepare,
    ProceedActivity proceed,
    SendActivity send,
    StoreActivity store,
    RecordStatusActivity recordStatus,
    RecordWaitActivity recordWait,
    OpenChildActivity openChild,
    CloseStepActivity closeStep,
    PrepareBatchActivity prepareBatch,
    StartBatchChunkActivity startBatchChunk,
    CheckBatchActivity checkBatch,
    DurableWorkflows workflows)
{
    [Function(CommsWorkflow.Name)]
    public static Task<CommsOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        CommsWorkflow.RunAsync(context, context.GetInput<WorkflowInput>()!);

    [Function(BatchNames.Orchestration)]
    public static Task<BatchProgress> RunBatch([OrchestrationTrigger] TaskOrchestrationContext context) =>
        BatchWorkflow.RunAsync(context, context.GetInput<BatchInput>()!);

    [Function(BatchNames.Prepare)]
    public Task<BatchPlan> PrepareBatch([ActivityTrigger] string batchId, FunctionContext context) =>
        prepareBatch.RunAsync(batchId, context.CancellationToken);

    /// <summary>Starts the chunk's requests through the client the host binds, as the HTTP functions do.</summary>
    [Function(BatchNames.StartChunk)]
    public Task<int> StartBatchChunk([ActivityTrigger] BatchChunk chunk, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        startBatchChunk.RunAsync(chunk, workflows.For(client), context.CancellationToken);

    [Function(BatchNames.Check)]
    public Task<BatchProgress> CheckBatch([ActivityTrigger] string batchId, FunctionContext context) =>
        checkBatch.RunAsync(batchId, context.CancellationToken);

    [Function(ActivityNames.Gather)]
    public Task<GatherResult> Gather([ActivityTrigger] CommsRequest input, FunctionContext context) =>
        gather.RunAsync(input, context.CancellationToken);

    [Function(ActivityNames.Render)]
    public Task<RenderResult> Render([ActivityTrigger] RenderInput input, FunctionContext context) =>
        render.RunAsync(input, context.CancellationToken);

    [Function(ActivityNames.Prepare)]
    public Task<PrepareResult> Prepare([ActivityTrigger] CommsRequest input, FunctionContext context) =>
        prepare.RunAsync(input, context.CancellationToken);

    [Function(ActivityNames.Proceed)]
    public Task<ProceedResult> Proceed([ActivityTrigger] CommsRequest input, FunctionContext context) =>
        proceed.RunAsync(input, context.CancellationToken);

    [Function(ActivityNames.Send)]
    public Task<SendResult> Send([ActivityTrigger] SendInput input, FunctionContext context) =>
        send.RunAsync(input, context.CancellationToken);

    [Function(ActivityNames.Store)]
    public Task<StoreResult> Store([ActivityTrigger] StoreInput input, FunctionContext context) =>
        store.RunAsync(input, context.CancellationToken);

    [Function(ActivityNames.RecordStatus)]
    public Task<bool> RecordStatus([ActivityTrigger] StatusReport input, FunctionContext context) =>
        recordStatus.RunAsync(input, context.CancellationToken);

    [Function(ActivityNames.OpenChild)]
    public Task<bool> OpenChild([ActivityTrigger] OpenChildInput input, FunctionContext context) =>
        openChild.RunAsync(input, context.CancellationToken);

    [Function(ActivityNames.CloseStep)]
    public Task<CommsStatus> CloseStep([ActivityTrigger] string requestId, FunctionContext context) =>
        closeStep.RunAsync(requestId, context.CancellationToken);

    [Function(ActivityNames.RecordWait)]
    public Task<bool> RecordWait([ActivityTrigger] RequestWait input, FunctionContext context) =>
        recordWait.RunAsync(input, context.CancellationToken);
}
