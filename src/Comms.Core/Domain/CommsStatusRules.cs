namespace Comms.Core.Domain;

/// <summary>
/// The one place that orders statuses. The current status of a request only ever moves to a higher rank;
/// every report is still kept in the history.
/// </summary>
public static class CommsStatusRules
{
    /// <summary>
    /// The precedence, lowest first: received &lt; scheduled &lt; processing &lt; sent &lt; failed = undeliverable
    /// &lt; delivered &lt; read &lt; cancelled = rejected = suppressed. A failure reported after <c>sent</c> wins over it; a late
    /// failure after <c>delivered</c> does not undo the delivery (the report is kept in the history).
    /// </summary>
    public static int Rank(CommsStatus status) => status switch
    {
        CommsStatus.Received => 0,
        CommsStatus.Scheduled => 10,
        CommsStatus.Processing => 20,
        CommsStatus.Sent => 30,
        CommsStatus.Failed => 40,
        CommsStatus.Undeliverable => 40,
        CommsStatus.Delivered => 50,
        CommsStatus.Read => 60,
        CommsStatus.Cancelled => 70,
        CommsStatus.Rejected => 70,
        CommsStatus.Suppressed => 70,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown status."),
    };

    /// <summary>True when <paramref name="next"/> may replace <paramref name="current"/> as the current status.</summary>
    public static bool Advances(CommsStatus current, CommsStatus next) => Rank(next) > Rank(current);

    /// <summary>
    /// The statuses an outside system (a partner's status webhook, a provider's delivery report) may report, by
    /// their wire names. The pipeline's own stages (received … processing) and the decisions of Comms itself
    /// (cancelled, rejected, suppressed) are not reportable from outside.
    /// </summary>
    public static IReadOnlyDictionary<string, CommsStatus> ExternalReports { get; } = new Dictionary<string, CommsStatus>(StringComparer.Ordinal)
    {
        ["sent"] = CommsStatus.Sent,
        ["delivered"] = CommsStatus.Delivered,
        ["read"] = CommsStatus.Read,
        ["failed"] = CommsStatus.Failed,
        ["undeliverable"] = CommsStatus.Undeliverable,
    };

    /// <summary>Parses a reportable status by its wire name (exact, camelCase).</summary>
    public static bool TryParseExternal(string? value, out CommsStatus status) =>
        ExternalReports.TryGetValue(value ?? "", out status);

    /// <summary>
    /// Reports that settle the delivery of a sent communication: the workflow waits for one of these after Store
    /// (<c>read</c> implies <c>delivered</c>).
    /// </summary>
    public static bool SettlesDelivery(CommsStatus status) =>
        status is CommsStatus.Delivered or CommsStatus.Read or CommsStatus.Failed or CommsStatus.Undeliverable;

    /// <summary>
    /// Statuses that account for a communication for good (a batch is complete when every item has one): delivered,
    /// read, failed, undeliverable, cancelled, rejected, suppressed; <c>sent</c> only when no delivery report will follow
    /// (<see cref="StatusReport.Final"/>).
    /// </summary>
    public static bool IsFinal(CommsStatus status) =>
        status is CommsStatus.Delivered or CommsStatus.Read || IsTerminal(status);

    /// <summary>Statuses after which the pipeline does nothing more for the request.</summary>
    public static bool IsTerminal(CommsStatus status) =>
        status is CommsStatus.Failed or CommsStatus.Undeliverable or CommsStatus.Cancelled or CommsStatus.Rejected or CommsStatus.Suppressed;
}
