namespace Comms.Core.Domain;

/// <summary>One row of a request's status history: who reported what, when.</summary>
/// <param name="Source"><c>pipeline</c>, <c>partner:{name}</c>, <c>acs</c>, …</param>
/// <param name="ReportId">Identifies the report so that a repeated delivery of it is recorded once.</param>
/// <param name="Reference">The reporter's own reference, kept as sent (a partner's <c>externalReference</c>, a provider's message id).</param>
/// <param name="Final">
/// A <c>sent</c> after which no delivery report will come (the provider reports none): the communication is
/// accounted for, as a batch counts it.
/// </param>
public sealed record StatusReport(
    string RequestId,
    CommsStatus Status,
    DateTimeOffset At,
    string Source,
    string? Detail,
    string ReportId,
    string? Reference = null,
    bool Final = false);
