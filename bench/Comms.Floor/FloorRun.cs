using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.DurableTask;

namespace Comms.Floor;

/// <summary>
/// The durable engine's floor: one orchestration of four no-op activities (as many steps as Comms' gather → render →
/// send → store), and the times of each instance, kept in this process: submitted when its start was asked for,
/// done when its orchestration reached its end. Linked into both floor apps (Comms.Floor.Server, Comms.Floor.Functions).
/// </summary>
public static class FloorRun
{
    public const string Orchestration = "FloorOrchestration";
    public const string Activity = "FloorNoop";
    public const int Activities = 4;

    private static readonly ConcurrentDictionary<string, long> Submitted = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, long> Done = new(StringComparer.Ordinal);

    public static async Task<int> RunAsync(TaskOrchestrationContext context)
    {
        var sum = 0;
        for (var i = 0; i < Activities; i++)
        {
            sum += await context.CallActivityAsync<int>(Activity, i);
        }

        if (!context.IsReplaying)
        {
            // A monotonic timestamp for the report, taken once (not on replay); it decides nothing in the orchestration.
            Done.TryAdd(context.InstanceId, Stopwatch.GetTimestamp());
        }

        return sum;
    }

    public static int Noop(int input) => input;

    public static void MarkSubmitted(string instanceId) => Submitted.TryAdd(instanceId, Stopwatch.GetTimestamp());

    /// <summary>The instances whose id starts with <paramref name="prefix"/>: how many were submitted and done, and submit → done of the done ones.</summary>
    public static FloorReport Report(string prefix)
    {
        var submitted = Submitted.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        var done = Done.Where(d => d.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var latencies = done.Where(d => submitted.ContainsKey(d.Key))
            .Select(d => Stopwatch.GetElapsedTime(submitted[d.Key], d.Value).TotalMilliseconds)
            .ToList();
        DateTimeOffset? lastDone = done.Count == 0 ? null : DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(done.Max(d => d.Value));
        return new FloorReport(submitted.Count, done.Count, lastDone, latencies);
    }
}

/// <param name="Submitted">Instances whose start was asked for.</param>
/// <param name="Done">Instances whose orchestration reached its end.</param>
/// <param name="LastDone">When the last one did (UTC).</param>
/// <param name="LatenciesMs">Submit → done of each done instance, in milliseconds.</param>
public sealed record FloorReport(int Submitted, int Done, DateTimeOffset? LastDone, IReadOnlyList<double> LatenciesMs);
