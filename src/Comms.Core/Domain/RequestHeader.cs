namespace Comms.Core.Domain;

/// <summary>The Comms Request Header row: one per request, the current state of a communication.</summary>
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
    IReadOnlyList<DocumentRef> Documents);
