using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>
/// The <c>CommsAudit</c> table: who viewed, resent, cancelled or changed what (README, Audit), one partition per
/// <see cref="AuditScope"/>, newest first. Callers append before they act, so an action is never done unrecorded:
/// when the append fails, the action fails (a storage fault, 503) and the caller repeats it.
/// </summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>A page of <paramref name="scope"/>'s entries, newest first.</summary>
    Task<Page<AuditEntry>> ListAsync(AuditScope scope, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);
}
