using Comms.Core.Domain;

namespace Comms.Api.Status;

/// <summary>The 200 answer of the status webhook: the request's current status after the report.</summary>
/// <param name="Advanced">The report moved the current status.</param>
/// <param name="Duplicate">The <c>webhook-id</c> was seen before; nothing new was recorded.</param>
public sealed record StatusReportAccepted(string RequestId, CommsStatus Status, bool Advanced, bool Duplicate);
