namespace Comms.Server.Queues;

/// <summary><c>Comms:Server:WorkflowEvents</c>: the queue listener, with the semantics of the Functions queue trigger.</summary>
public sealed class WorkflowEventListenerOptions
{
    public const string Section = "Comms:Server:WorkflowEvents";

    /// <summary>How long a received message stays invisible while it is handled.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a message that failed stays invisible before its next attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts before a message moves to <c>workflow-events-poison</c> (the Functions default, 5).</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>The longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 16;
}
