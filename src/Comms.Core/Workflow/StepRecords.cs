using Comms.Core.Domain;

namespace Comms.Core.Workflow;

// The small records that cross the orchestration history between steps. Content travels by reference (Artefact).

/// <summary>What Gather resolved: the one target, the locale and the template set.</summary>
public sealed record GatherResult(CommsTarget Target, string Locale, string TemplateId, string TemplateVersion);

public sealed record RenderInput(CommsRequest Request, GatherResult Gathered);

public sealed record RenderResult(IReadOnlyList<Artefact> Artefacts);

public sealed record SendInput(CommsRequest Request, GatherResult Gathered, RenderResult Rendered);

public sealed record SendResult(string Provider, string ProviderMessageId, CommsStatus Reached);

public sealed record StoreInput(CommsRequest Request, RenderResult Rendered);

public sealed record StoreResult(IReadOnlyList<DocumentRef> Documents);

/// <summary>How a request ended, as the orchestration's output.</summary>
public sealed record CommsOutcome(
    string RequestId,
    CommsStatus Status,
    string? FailureReason,
    string? Provider,
    string? ProviderMessageId,
    IReadOnlyList<DocumentRef> Documents);
