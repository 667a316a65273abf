using Comms.Core.Activities;
using Comms.Core.Domain;
using Microsoft.DurableTask;

namespace Comms.Core.Workflow;

/// <summary>
/// Requests whose children do the sending (README, Fallback chains and several targets): each child is a request of its
/// own (id, status, history, documents) run by this same orchestration as a sub-orchestration whose instance id is the
/// child's request id, so delivery reports and cancels reach it as they reach any request. The parent's status only
/// moves forward: <c>processing</c> while its children run (each step in its history), then the outcome.
/// </summary>
public static partial class CommsWorkflow
{
    /// <summary>
    /// A fallback chain: step after step, each given its <see cref="ChainStep.WaitFor"/> to reach its goal. A step that
    /// fails, bounces, is suppressed, or has not reached its goal by its deadline starts the next; a step that reaches its
    /// goal ends the chain with its status. The last step's outcome, whatever it is, ends it.
    /// </summary>
    private static async Task<CommsOutcome> RunChainAsync(TaskOrchestrationContext context, WorkflowInput input, Run run)
    {
        var request = input.Request;
        var steps = request.Channels!;
        string? previous = null;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var child = request.Child(i);
            var label = $"step {i + 1} of {steps.Count} ({step.Channel.WireName()})";
            if (!await context.CallActivityAsync<bool>(ActivityNames.OpenChild, new OpenChildInput(child, label), run.RecordOptions))
            {
                return Ended(request, CommsStatus.Cancelled, "cancelled");
            }

            await run.ReportAsync(CommsStatus.Processing, previous is null ? $"{label}: {child.RequestId}" : $"{label}: {child.RequestId} ({previous})", child.RequestId, reportId: $"{RequestIds.PipelineSource}-step-{i + 1}");
            var running = RunChildAsync(context, input, child);
            CommsStatus reached;
            string? reason;
            if (step.WaitFor is not { } wait)
            {
                (reached, reason) = Result(await running);
            }
            else
            {
                using var cancel = new CancellationTokenSource();
                var deadline = context.CreateTimer(context.CurrentUtcDateTime.Add(wait), cancel.Token);
                if (await Task.WhenAny(running, deadline) == running && (await running is var ended) && !(IsSuccess(ended.Status) && !Reaches(ended.Status, step.Goal)))
                {
                    cancel.Cancel();
                    (reached, reason) = Result(ended);
                }
                else
                {
                    // A step that ended sent (its provider reports no delivery) may still be reported delivered: it has until its deadline.
                    await deadline;

                    // Its deadline: what it reached by now decides. A step not sent yet is cancelled, so it never goes out
                    // after the next; a sent one goes on (a late report still lands in its history).
                    reached = await context.CallActivityAsync<CommsStatus>(ActivityNames.CloseStep, child.RequestId, run.RecordOptions);
                    reason = Reaches(reached, step.Goal) ? null : $"not {step.Goal.ToString().ToLowerInvariant()} within {wait}";
                    if (reached == CommsStatus.Cancelled)
                    {
                        // Stopped at its deadline (or with its parent, which the next step's opening finds).
                        reached = CommsStatus.Failed;
                        reason = $"not sent within {wait}; stopped";
                    }
                }
            }

            if (reached == CommsStatus.Cancelled)
            {
                await run.ReportAsync(CommsStatus.Cancelled, $"{label} was cancelled", child.RequestId);
                return Ended(request, CommsStatus.Cancelled, null);
            }

            var last = i == steps.Count - 1;
            if (Reaches(reached, last ? CommsStatus.Sent : step.Goal) || last)
            {
                var detail = IsSuccess(reached) ? $"reached by {label}: {child.RequestId}" : $"every step failed; {label}: {reason ?? reached.ToString().ToLowerInvariant()}";
                await run.ReportAsync(reached, detail, child.RequestId, final: reached == CommsStatus.Sent);
                return Ended(request, reached, IsSuccess(reached) ? null : detail);
            }

            previous = $"step {i + 1} ended {reached.ToString().ToLowerInvariant()}{(reason is null ? "" : ": " + reason)}";
        }

        throw new InvalidOperationException("A chain has at least one step.");
    }

    /// <summary>
    /// Several targets: one child each, all at once. The parent ends when every child has: with the best status a child
    /// reached (read, delivered, sent), or, when none reached its recipient, the status they share or <c>failed</c>;
    /// its detail counts them.
    /// </summary>
    private static async Task<CommsOutcome> RunTargetsAsync(TaskOrchestrationContext context, WorkflowInput input, Run run)
    {
        var request = input.Request;
        var children = Enumerable.Range(0, request.Targets!.Count).Select(request.Child).ToList();
        var opened = await Task.WhenAll(children.Select((c, i) =>
            context.CallActivityAsync<bool>(ActivityNames.OpenChild, new OpenChildInput(c, $"target {i + 1} of {children.Count}"), run.RecordOptions)));
        if (opened.Any(o => !o))
        {
            return Ended(request, CommsStatus.Cancelled, "cancelled");
        }

        var outcomes = await Task.WhenAll(children.Select(c => RunChildAsync(context, input, c)));
        var counts = string.Join(", ", outcomes.GroupBy(o => o.Status).OrderBy(g => CommsStatusRules.Rank(g.Key)).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
        var best = outcomes.Where(o => IsSuccess(o.Status)).Select(o => o.Status).OrderByDescending(CommsStatusRules.Rank).Cast<CommsStatus?>().FirstOrDefault();
        var status = best ?? (outcomes.Select(o => o.Status).Distinct().Count() == 1 ? outcomes[0].Status : CommsStatus.Failed);
        var detail = $"{outcomes.Length} targets: {counts}";
        await run.ReportAsync(status, detail, final: status == CommsStatus.Sent);
        return Ended(request, status, best is null ? detail : null);
    }

    /// <summary>Runs a child to its end; a child that crashed (not a step that failed, which it reports itself) is failed.</summary>
    private static async Task<CommsOutcome> RunChildAsync(TaskOrchestrationContext context, WorkflowInput input, CommsRequest child)
    {
        try
        {
            return await context.CallSubOrchestratorAsync<CommsOutcome>(Name, input with { Request = child }, new SubOrchestrationOptions((TaskRetryOptions?)null, child.RequestId));
        }
        catch (TaskFailedException failure)
        {
            return new CommsOutcome(child.RequestId, CommsStatus.Failed, failure.FailureDetails.ErrorMessage, null, null, []);
        }
    }

    private static (CommsStatus, string?) Result(CommsOutcome outcome) => (outcome.Status, outcome.FailureReason);

    private static bool IsSuccess(CommsStatus status) => status is CommsStatus.Sent or CommsStatus.Delivered or CommsStatus.Read;

    /// <summary>True when <paramref name="status"/> is a success at least as far as <paramref name="goal"/> (sent &lt; delivered &lt; read).</summary>
    private static bool Reaches(CommsStatus status, CommsStatus goal) => IsSuccess(status) && CommsStatusRules.Rank(status) >= CommsStatusRules.Rank(goal);

    private static CommsOutcome Ended(CommsRequest request, CommsStatus status, string? reason) => new(request.RequestId, status, reason, null, null, []);
}
