using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>
/// Starting and signalling a request's orchestration (instance id = request id), as each host reaches its durable
/// runtime. Both hosts implement it over their Durable Task client (<c>Comms.Api/Durable/DurableWorkflowClient.cs</c>),
/// so the core decides without knowing which host it runs in.
/// </summary>
public interface IWorkflowClient
{
    /// <summary>
    /// Makes sure the request's orchestration exists: starts it unless an instance with its id exists already, in
    /// whatever state (never replaced, never run again).
    /// </summary>
    Task EnsureStartedAsync(CommsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Makes sure the batch's orchestration (<c>batch:{batchId}</c>) exists, like <see cref="EnsureStartedAsync"/>.</summary>
    Task EnsureBatchStartedAsync(string batchId, CancellationToken cancellationToken = default);

    /// <summary>The request an orchestration was started with (for a resend), or null when there is no such instance.</summary>
    Task<CommsRequest?> GetRequestAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>Raises a report that settles delivery to the request's orchestration, which may be waiting for one.</summary>
    Task RaiseStatusReportAsync(StatusReport report, CancellationToken cancellationToken = default);
}
