namespace Comms.Core.Activities;

/// <summary>
/// An activity of the workflow as a plain class with constructor injection. Each host wraps it once:
/// Comms.Functions in an <c>[ActivityTrigger]</c> function, Comms.Server in a registered task activity.
/// Activities run at least once, so each is safe to repeat.
/// </summary>
public interface ICommsActivity<in TInput, TOutput>
{
    Task<TOutput> RunAsync(TInput input, CancellationToken cancellationToken = default);
}
