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
    IReadOnlyList<DocumentRef> Documents,
    bool Archived,
    WaitReason? WaitingFor,
    DateTimeOffset? WaitUntil,
    string? LastError,
    string? ResendOf,
    string? ResentAs,
    string? ParentId = null,
    IReadOnlyList<ChildView>? Children = null,
    ChildrenSummary? Summary = null,
    int? TemplateVersion = null);

/// <summary>A step of a fallback chain or one target of several, as its parent's view lists it (a later step not started yet has no status).</summary>
public sealed record ChildView(string RequestId, Channel? Channel, CommsStatus? Status, string? FailureReason, CommsTarget? Target);

/// <summary>A parent's children counted by status; final when every child is.</summary>
public sealed record ChildrenSummary(IReadOnlyDictionary<CommsStatus, int> ByStatus, int Total, bool Final);

public sealed record CommsSummary(
    string RequestId,
    string CommsType,
    Channel Channel,
    CommsSource Source,
    CommsStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? FailureReason,
    IReadOnlyList<DocumentRef> Documents,
    bool Archived,
    WaitReason? WaitingFor,
    DateTimeOffset? WaitUntil,
    string? ResendOf,
    string? ResentAs)
{
    public static CommsSummary Of(RequestHeader h) =>
        new(h.RequestId, h.CommsType, h.Channel, h.Source, h.Status, h.CreatedAt, h.UpdatedAt, h.FailureReason, h.Documents, h.Archived, h.WaitingFor, h.WaitUntil, h.ResendOf, h.ResentAs);
}

public sealed record ItemsPage<T>(IReadOnlyList<T> Items, string? ContinuationToken);

public sealed record HealthView(string Status, bool Storage, bool Durable);
