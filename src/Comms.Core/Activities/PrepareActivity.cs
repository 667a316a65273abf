using Comms.Core.Domain;
using Comms.Core.Workflow;

namespace Comms.Core.Activities;

/// <summary>
/// Gather, then Render, as one step (CommsWorkflow, for orchestrations started since <see cref="WorkflowInput.Compact"/>):
/// one round trip through the task hub's queues and history instead of two. Each part keeps its rules: a transient
/// failure (account data, storage) is retried as the whole step, whose parts are idempotent; a permanent one (no
/// address, a template that fails) fails the request.
/// </summary>
public sealed class PrepareActivity(GatherActivity gather, RenderActivity render) : ICommsActivity<CommsRequest, PrepareResult>
{
    public async Task<PrepareResult> RunAsync(CommsRequest input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var gathered = await gather.RunAsync(input, cancellationToken);
        var rendered = await render.RunAsync(new RenderInput(input, gathered), cancellationToken);
        return new PrepareResult(gathered, rendered);
    }
}
