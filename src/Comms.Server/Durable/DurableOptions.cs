using Comms.Core.Hosting;

namespace Comms.Server.Durable;

public enum DurableBackend
{
    /// <summary>The DTFx Azure Storage backend on <c>AzureWebJobsStorage</c> (Azurite locally): survives restarts.</summary>
    AzureStorage,

    /// <summary>Orchestrations in memory: gone when the process stops. For experiments only.</summary>
    InMemory,
}

/// <summary><c>Comms:Durable</c>: the durable backend of Comms.Server. The defaults are both hosts' (<see cref="HostBindings.Durable"/>).</summary>
public sealed class DurableOptions
{
    public const string Section = "Comms:Durable";

    public DurableBackend Backend { get; set; } = DurableBackend.AzureStorage;

    public string TaskHub { get; set; } = HostBindings.Durable.TaskHub;

    /// <summary>
    /// How long a dequeued control or work-item message stays invisible. After a crash, unfinished work is
    /// picked up again only when this runs out (DTFx's default is 5 min). Functions refuses less than a minute for the
    /// control queue; this sidecar takes 30 s.
    /// </summary>
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = HostBindings.Durable.ControlQueueVisibilityTimeout.Server;

    public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = HostBindings.Durable.WorkItemQueueVisibilityTimeout;

    /// <summary>The longest wait between polls of an empty queue (DTFx backs off up to this).</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = HostBindings.Durable.MaxQueuePollingInterval;

    /// <summary>Control-queue partitions: more lets more orchestrations run at once across several servers.</summary>
    public int PartitionCount { get; set; } = HostBindings.Durable.PartitionCount;

    public int MaxConcurrentActivities { get; set; } = HostBindings.Durable.MaxConcurrentActivities;

    public int MaxConcurrentOrchestrations { get; set; } = HostBindings.Durable.MaxConcurrentOrchestrations;
}
