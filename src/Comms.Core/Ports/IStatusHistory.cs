using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>The <c>CommsStatusHistory</c> table: every status report of a request, kept whether or not it advanced the status.</summary>
public interface IStatusHistory
{
    /// <summary>Appends the report unless one with the same <see cref="StatusReport.ReportId"/> is there. Returns true when appended.</summary>
    Task<bool> AppendAsync(StatusReport report, CancellationToken cancellationToken = default);

    /// <summary>The request's reports, oldest first.</summary>
    Task<IReadOnlyList<StatusReport>> ListAsync(string requestId, CancellationToken cancellationToken = default);
}
