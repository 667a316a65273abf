using Comms.Core.Domain;

namespace Comms.Core.Workflow;

/// <summary>
/// How long the workflow keeps trying (<c>Comms:Retries</c>, README, Retries, rate limits and resend). A transient failure of
/// a step is retried on durable timers, waits doubling from <see cref="FirstInterval"/> to <see cref="MaxInterval"/>,
/// until <see cref="Horizon"/> has passed since the step's first attempt; then the request fails with the step's
/// reason. Archiving after a send has its own, longer <see cref="ArchiveHorizon"/> and never fails the request.
/// A request takes the policy in force when it starts (it travels in <see cref="WorkflowInput"/>), so a replay
/// always decides the same.
/// </summary>
public sealed record WorkflowPolicy
{
    public const string Section = "Comms:Retries";

    public TimeSpan FirstInterval { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan Horizon { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan ArchiveHorizon { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The wait after the <paramref name="failures"/>-th failed attempt (1-based).</summary>
    public TimeSpan WaitAfter(int failures)
    {
        var ticks = FirstInterval.Ticks * Math.Pow(2, Math.Min(Math.Max(failures - 1, 0), 40));
        return ticks >= MaxInterval.Ticks ? MaxInterval : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>What a valid policy is; the hosts refuse to start on another.</summary>
    public const string Rule = "Comms:Retries needs FirstInterval > 0, MaxInterval >= FirstInterval, and positive Horizon and ArchiveHorizon.";

    /// <summary>Null when valid, else <see cref="Rule"/>.</summary>
    public string? Problem() =>
        FirstInterval <= TimeSpan.Zero || MaxInterval < FirstInterval || Horizon <= TimeSpan.Zero || ArchiveHorizon <= TimeSpan.Zero ? Rule : null;
}

/// <summary>The orchestration's input: the request and the retry policy it runs under.</summary>
/// <param name="Compact">
/// True for every orchestration started now: one Prepare step gathers and renders, Gather records <c>processing</c>
/// and Send records <c>sent</c> (and <c>delivered</c> when the provider reports it at once) themselves, so a plain
/// request is three activities (Prepare, Send, Store) and no separate RecordStatus call (docs/performance.md, Round
/// trips per request). False in the inputs of orchestrations started before that, which replay the calls their
/// history holds (Gather, Render, and the RecordStatus calls).
/// </param>
/// <param name="RunAhead">
/// True (with <paramref name="Compact"/>) for every orchestration started now: one Proceed step prepares, sends and
/// stores as far as the request lets it, so a plain request is one activity; the workflow goes on step by step from
/// where it stopped. False in the inputs of orchestrations started before, which replay Prepare, Send and Store.
/// </param>
public sealed record WorkflowInput(CommsRequest Request, WorkflowPolicy Policy, bool Compact = false, bool RunAhead = false);
