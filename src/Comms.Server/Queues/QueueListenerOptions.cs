using Comms.Core.Hosting;

namespace Comms.Server.Queues;

/// <summary>
/// <c>Comms:Server:Queues</c>: how Comms.Server listens on its storage queues, with the semantics of the Functions
/// queue trigger. The defaults are both hosts' (<see cref="HostBindings.QueueSettings"/>; host.json <c>extensions.queues</c>).
/// </summary>
public sealed class QueueListenerOptions
{
    public const string Section = "Comms:Server:Queues";

    /// <summary>How long a received message stays invisible while it is handled.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = HostBindings.QueueSettings.ReceiveVisibilityTimeout;

    /// <summary>How long a message that failed stays invisible before its next attempt (host.json <c>visibilityTimeout</c>).</summary>
    public TimeSpan RetryDelay { get; set; } = HostBindings.QueueSettings.RetryDelay;

    /// <summary>Attempts before a message moves to its poison queue.</summary>
    public int MaxDequeueCount { get; set; } = HostBindings.QueueSettings.MaxDequeueCount;

    /// <summary>The longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = HostBindings.QueueSettings.MaxPollingInterval;

    public int BatchSize { get; set; } = HostBindings.QueueSettings.BatchSize;
}
