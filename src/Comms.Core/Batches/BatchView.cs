using Comms.Core.Domain;

namespace Comms.Core.Batches;

/// <summary>The one definition of a batch's counts on the wire and of "complete" (README, Batches).</summary>
public static class BatchView
{
    /// <summary>The statuses every batch view counts, in their order.</summary>
    public static IReadOnlyList<CommsStatus> Statuses { get; } = Enum.GetValues<CommsStatus>();

    /// <summary>Complete: prepared, and every item invalid or final (for a batch that could not be read: at once).</summary>
    public static bool IsComplete(BatchHeader batch, BatchCounts counts) =>
        batch.Prepared && (batch.Error is not null || counts.Final + counts.Invalid >= batch.Expected);

    /// <summary>Counts by wire name: every status, <c>invalid</c>, and <c>final</c> (accounted for).</summary>
    public static IReadOnlyDictionary<string, int> Counts(BatchCounts counts)
    {
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var status in Statuses)
        {
            byName[Wire(status)] = counts.ByStatus.GetValueOrDefault(status);
        }

        byName["invalid"] = counts.Invalid;
        byName["final"] = counts.Final;
        return byName;
    }

    public static string Wire(CommsStatus status) => char.ToLowerInvariant(status.ToString()[0]) + status.ToString()[1..];
}
