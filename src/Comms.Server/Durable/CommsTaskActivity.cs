using Comms.Core.Activities;
using Comms.Core.Batches;
using Comms.Core.Ports;
using Microsoft.DurableTask;

namespace Comms.Server.Durable;

/// <summary>Runs a core activity class (resolved from the container) as a Durable Task activity.</summary>
internal sealed class CommsTaskActivity<TActivity, TInput, TOutput>(TActivity activity) : TaskActivity<TInput, TOutput>
    where TActivity : ICommsActivity<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => activity.RunAsync(input);
}

/// <summary>Starts a batch chunk's requests through the process's own workflow client, as the API does.</summary>
internal sealed class StartBatchChunkTaskActivity(StartBatchChunkActivity activity, IWorkflowClient workflow) : TaskActivity<BatchChunk, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, BatchChunk input) => activity.RunAsync(input, workflow);
}
