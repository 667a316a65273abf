namespace Comms.Server.Durable;

public enum DurableBackend
{
    /// <summary>The DTFx Azure Storage backend on <c>AzureWebJobsStorage</c> (Azurite locally): survives restarts.</summary>
    AzureStorage,

    /// <summary>Orchestrations in memory: gone when the process stops. For experiments only.</summary>
    InMemory,
}

/// <summary><c>Comms:Durable</c>: the durable backend of Comms.Server.</summary>
public sealed class DurableOptions
{
    public const string Section = "Comms:Durable";

    public DurableBackend Backend { get; set; } = DurableBackend.AzureStorage;

    public string TaskHub { get; set; } = "CommsHub";

    /// <summary>
    /// How long a dequeued control or work-item message stays invisible. After a crash, unfinished work is
    /// picked up again only when this runs out (DTFx's default of 5 min made recovery take 5 min; 30 s makes it about one).
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between polls of an empty queue (DTFx backs off up to this).</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Control-queue partitions: more lets more orchestrations run at once across several servers.</summary>
    public int PartitionCount { get; set; } = 4;

    public int MaxConcurrentActivities { get; set; } = 20;

    public int MaxConcurrentOrchestrations { get; set; } = 20;
}
