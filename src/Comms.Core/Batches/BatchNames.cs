namespace Comms.Core.Batches;

/// <summary>The registered names of the batch orchestration and its activities, shared by both hosts.</summary>
public static class BatchNames
{
    public const string Orchestration = "BatchOrchestration";
    public const string Prepare = "PrepareBatch";
    public const string StartChunk = "StartBatchChunk";
    public const string Check = "CheckBatch";
}
