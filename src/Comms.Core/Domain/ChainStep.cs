namespace Comms.Core.Domain;

/// <summary>
/// One step of a fallback chain (README, Fallback chains and several targets): send on <see cref="Channel"/>; when the
/// step fails, bounces, is suppressed, or has not reached <see cref="Until"/> after <see cref="WaitFor"/>, the next step
/// starts. The last step has no <see cref="WaitFor"/>: its outcome ends the chain.
/// </summary>
/// <param name="Until">What the step must reach by its deadline to end the chain: sent, delivered (the default) or read.</param>
public sealed record ChainStep(Channel Channel, TimeSpan? WaitFor = null, CommsStatus? Until = null)
{
    /// <summary>The status the step must reach: <see cref="Until"/>, or delivered.</summary>
    public CommsStatus Goal => Until ?? CommsStatus.Delivered;
}
