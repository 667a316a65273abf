using Comms.Core.Domain;

namespace Comms.Api;

// The JSON shapes of the read API (openapi.yaml), camelCase on the wire.

public sealed record SubmitAccepted(string RequestId, CommsStatus Status, string StatusUri);

public sealed record HistoryView(CommsStatus Status, DateTimeOffset At, string Source, string? Detail, string? Reference = null);

public sealed record CommsView(
    string RequestId,
    string AccountId,
    string CommsType,
    Channel Channel,
    CommsSource Source,
    CommsStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? FailureReason,
    CommsTarget? Target,
    IReadOnlyList<HistoryView> History,
    IReadOnlyList<DocumentRef> Documents);

public sealed record CommsSummary(
    string RequestId,
    string CommsType,
    Channel Channel,
    CommsSource Source,
    CommsStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? FailureReason,
    IReadOnlyList<DocumentRef> Documents);

public sealed record ItemsPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);

public sealed record HealthView(string Status, bool Storage, bool Durable);
