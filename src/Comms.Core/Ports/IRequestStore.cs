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

    /// <summary>Records that the request's orchestration has been scheduled.</summary>
    Task MarkStartedAsync(string requestId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves the current status to <paramref name="status"/> when it ranks higher (ETag-checked, retried on conflict).
    /// Returns true when the current status changed.
    /// </summary>
    Task<bool> AdvanceStatusAsync(string requestId, CommsStatus status, DateTimeOffset at, string? failureReason, CancellationToken cancellationToken = default);

    /// <summary>Records the archived documents of a request.</summary>
    Task SetDocumentsAsync(string requestId, IReadOnlyList<DocumentRef> documents, CancellationToken cancellationToken = default);

    /// <summary>The account's requests, newest first.</summary>
    Task<Page<RequestHeader>> ListByAccountAsync(string accountId, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);
}
