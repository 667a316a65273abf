using Microsoft.DurableTask;

namespace Comms.Core.Batches;

/// <param name="Watching">True after every chunk was started: the orchestration continued as new to keep its history short while it waits for completion.</param>
/// <param name="Chunks">The chunks Prepare made, once known (a later generation does not ask again).</param>
/// <param name="NextChunk">The first chunk this generation starts.</param>
public sealed record BatchInput(string BatchId, int Concurrency, TimeSpan Poll, TimeSpan MaxPoll, TimeSpan Horizon, bool Watching = false, int? Chunks = null, int NextChunk = 0);

/// <summary>
/// A batch's orchestration (instance id <c>batch:{batchId}</c>): Prepare reads the source once, then the chunks of
/// accepted items are started, at most <see cref="BatchInput.Concurrency"/> at once, and the orchestration watches until
/// every item is accounted for. Only ids and counts cross its history; the items stay in blobs. After a crash the
/// history replays the chunks already started, and a chunk that ran again starts nothing twice.
/// </summary>
public static class BatchWorkflow
{
    /// <summary>Checks in one generation before it continues as new.</summary>
    private const int ChecksPerGeneration = 50;

    /// <summary>Chunks started in one generation before it continues as new, so that a history never holds more than these.</summary>
    private const int ChunksPerGeneration = 100;

    public static async Task<BatchProgress> RunAsync(TaskOrchestrationContext context, BatchInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);

        // Storage faults are retried up to the horizon, like the records of a request.
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(int.MaxValue, input.Poll, 2.0, input.MaxPoll, input.Horizon));
        if (!input.Watching)
        {
            var chunks = input.Chunks ?? (await context.CallActivityAsync<BatchPlan>(BatchNames.Prepare, input.BatchId, retry)).Chunks;
            var end = Math.Min(chunks, input.NextChunk + ChunksPerGeneration);
            var running = new List<Task<int>>();
            for (var index = input.NextChunk; index < end; index++)
            {
                if (running.Count >= input.Concurrency)
                {
                    var done = await Task.WhenAny(running);
                    running.Remove(done);
                    await done;
                }

                running.Add(context.CallActivityAsync<int>(BatchNames.StartChunk, new BatchChunk(input.BatchId, index), retry));
            }

            await Task.WhenAll(running);
            if (end < chunks)
            {
                context.ContinueAsNew(input with { Chunks = chunks, NextChunk = end });
                return new BatchProgress(false);
            }
        }

        var wait = input.Poll;
        for (var check = 0; check < ChecksPerGeneration; check++)
        {
            var progress = await context.CallActivityAsync<BatchProgress>(BatchNames.Check, input.BatchId, retry);
            if (progress.Complete)
            {
                return progress;
            }

            await context.CreateTimer(context.CurrentUtcDateTime.Add(wait), CancellationToken.None);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, input.MaxPoll.Ticks));
        }

        context.ContinueAsNew(input with { Watching = true });
        return new BatchProgress(false);
    }
}
