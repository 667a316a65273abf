using System.ComponentModel.DataAnnotations;

namespace Comms.Core.Batches;

/// <summary>How batches are started and watched (<c>Comms:Batches</c>, both hosts; README, Batches).</summary>
public sealed class BatchOptions
{
    public const string Section = "Comms:Batches";

    /// <summary>Accepted items per chunk: one Start activity and one blob each.</summary>
    [Range(1, 1000)]
    public int ChunkSize { get; set; } = 100;

    /// <summary>Chunks being started at once by one batch.</summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 4;

    /// <summary>Items of one chunk submitted at once.</summary>
    [Range(1, 64)]
    public int ItemConcurrency { get; set; } = 8;

    /// <summary>The first wait between checks for completion once every item is started; it doubles up to <see cref="MaxPoll"/>.</summary>
    public TimeSpan Poll { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxPoll { get; set; } = TimeSpan.FromMinutes(5);
}
