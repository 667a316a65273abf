namespace Comms.Core.Domain;

/// <summary>The Comms Request Header row: one per request, the current state of a communication.</summary>
/// <param name="WaitingFor">What the request waits for now, if anything (<see cref="RequestWait"/>).</param>
/// <param name="WaitUntil">When that wait ends: the next attempt or the rate-limit slot.</param>
/// <param name="LastError">The last failure of a step, naming the step; kept after a retry succeeds.</param>
/// <param name="ResendOf">The request this one resends.</param>
/// <param name="ResentAs">The request that resent this one.</param>
/// <param name="ParentId">For a step of a fallback chain or one target of several: the request it belongs to.</param>
/// <param name="TemplateVersion">The template version it renders with (null: the embedded templates).</param>
/// <param name="Children">For a chain or a fan-out: its child requests, in order (a chain's later steps exist once they start).</param>
public sealed record RequestHeader(
    string RequestId,
    string AccountId,
    string CommsType,
    Channel Channel,
    CommsSource Source,
    CommsStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? FailureReason,
    string Fingerprint,
    bool OrchestrationStarted,
    CommsTarget? Target,
    IReadOnlyList<DocumentRef> Documents,
    WaitReason? WaitingFor = null,
    DateTimeOffset? WaitUntil = null,
    string? LastError = null,
    string? ResendOf = null,
    string? ResentAs = null,
    string? ParentId = null,
    IReadOnlyList<string>? Children = null,
    int? TemplateVersion = null)
{
    /// <summary>True once the documents are in the long-term archive.</summary>
    public bool Archived => Documents.Count > 0;
}
