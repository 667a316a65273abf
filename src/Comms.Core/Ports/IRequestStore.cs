using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>The Comms Request Header (<c>CommsRequests</c>) and its by-account index (<c>CommsByAccount</c>).</summary>
public interface IRequestStore
{
    /// <summary>
    /// Inserts the header and its by-account index row unless a header with that request id exists.
    /// Returns the stored header and whether this call created it; the conditional insert decides "new or existing".
    /// </summary>
    Task<(bool Created, RequestHeader Header)> CreateAsync(RequestHeader header, CancellationToken cancellationToken = default);

    Task<RequestHeader?> GetAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the current status to <paramref name="status"/> when it ranks higher (ETag-checked, retried on conflict).
    /// Returns whether the current status changed, and the header it read (moved on when it changed), which saves its
    /// callers a read of their own; no header when there is no request. With <paramref name="documents"/>, records them
    /// too (as <see cref="SetDocumentsAsync"/> does), in the same write when the status changes.
    /// </summary>
    Task<StatusAdvance> AdvanceStatusAsync(string requestId, CommsStatus status, DateTimeOffset at, string? failureReason, IReadOnlyList<DocumentRef>? documents = null, CancellationToken cancellationToken = default);

    /// <summary>Records the archived documents of a request, which also ends its wait for the archive.</summary>
    Task SetDocumentsAsync(string requestId, IReadOnlyList<DocumentRef> documents, CancellationToken cancellationToken = default);

    /// <summary>Shows (or, with no reason, clears) the request's wait; the last error stays until another replaces it.</summary>
    Task SetWaitAsync(RequestWait wait, CancellationToken cancellationToken = default);

    /// <summary>
    /// Links <paramref name="requestId"/> to the request that resends it, unless it is linked already (ETag-checked).
    /// Returns the id it is resent as: <paramref name="resentAs"/>, or the one linked before.
    /// </summary>
    Task<string> LinkResendAsync(string requestId, string resentAs, CancellationToken cancellationToken = default);

    /// <summary>
    /// The requests that reached <paramref name="status"/> (failed or undeliverable) from <paramref name="from"/> until
    /// before <paramref name="to"/>, oldest first (<c>CommsByStatus</c>).
    /// </summary>
    Task<Page<RequestHeader>> ListByStatusAsync(CommsStatus status, DateTimeOffset from, DateTimeOffset to, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);

    /// <summary>The account's requests, newest first.</summary>
    Task<Page<RequestHeader>> ListByAccountAsync(string accountId, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);
}

/// <summary>What <see cref="IRequestStore.AdvanceStatusAsync"/> did.</summary>
/// <param name="Changed">The current status changed.</param>
/// <param name="Header">The request's header as the advance left it; null when there is no such request.</param>
public sealed record StatusAdvance(bool Changed, RequestHeader? Header);
