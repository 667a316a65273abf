using Comms.Core.Activities;
using Microsoft.DurableTask;

namespace Comms.Server.Durable;

/// <summary>Runs a core activity class (resolved from the container) as a Durable Task activity.</summary>
internal sealed class CommsTaskActivity<TActivity, TInput, TOutput>(TActivity activity) : TaskActivity<TInput, TOutput>
    where TActivity : ICommsActivity<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => activity.RunAsync(input);
}
