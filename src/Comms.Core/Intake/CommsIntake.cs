using System.Diagnostics;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Search;
using Comms.Core.Telemetry;
using Comms.Core.Templating;

namespace Comms.Core.Intake;

public enum IntakeDisposition
{
    /// <summary>A new request: its header is written and its orchestration started.</summary>
    Created,

    /// <summary>
    /// The same request again, or the same communication under a business key that another request holds (then
    /// <see cref="IntakeResult.Header"/> is that request's): nothing new started (its orchestration started if an
    /// earlier attempt crashed before).
    /// </summary>
    Existing,

    /// <summary>A different request under an existing id: nothing done.</summary>
    Conflict,

    /// <summary>A business key that another request holds with different content: nothing done; <see cref="IntakeResult.Header"/> is that request's.</summary>
    BusinessKeyConflict,

    /// <summary>A request Comms cannot send (no templates for its comms type and channel): nothing written, the reasons in <see cref="IntakeResult.Errors"/>.</summary>
    Refused,
}

/// <param name="Header">The stored header; for <see cref="IntakeDisposition.Refused"/>, the one that was not written.</param>
/// <param name="Errors">Why a request was refused, by field, as a 400 names them.</param>
public sealed record IntakeResult(IntakeDisposition Disposition, RequestHeader Header, IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>
/// Accepts a validated request from either trigger. The header row's conditional insert decides "new or
/// existing" (both hosts alike); the orchestration, whose instance id is the request id, is started through
/// <see cref="IWorkflowClient.EnsureStartedAsync"/>, which never replaces or re-runs an existing instance. A business
/// key is claimed first: the same key from any route is one communication (its first request), with different
/// content a conflict. The request's invoice number and business key go into the agent page's search index
/// (<see cref="ISearchIndex"/>) before its orchestration starts.
/// </summary>
public sealed class CommsIntake(
    IRequestStore requests,
    IStatusHistory history,
    TemplateSets templates,
    IBusinessKeys businessKeys,
    ICancellationKeys cancellationKeys,
    ISearchIndex search,
    TimeProvider time)
{
    public Task<IntakeResult> SubmitAsync(CommsRequest request, IWorkflowClient workflow, CancellationToken cancellationToken = default) =>
        SubmitAsync(request, workflow, resendOf: null, cancellationToken);

    /// <param name="resendOf">The request this one resends (<c>POST /api/comms/{id}/resend</c>), recorded on the header.</param>
    public async Task<IntakeResult> SubmitAsync(CommsRequest request, IWorkflowClient workflow, string? resendOf, CancellationToken cancellationToken = default)
    {
        using var span = CommsTelemetry.StartRequestSpan("comms.receive", request.RequestId, ActivityKind.Server);
        span?.SetTag(CommsTelemetry.ChannelTag, CommsTelemetry.ChannelOf(request.Channel).Value);
        var now = time.GetUtcNow();
        (request, var missing) = await templates.ForRequestAsync(request, cancellationToken);
        var fingerprint = RequestFingerprint.Compute(request);
        var header = new RequestHeader(
            request.RequestId, request.AccountId, request.CommsType, request.Channel, request.Source, CommsStatus.Received,
            now, now, null, fingerprint, OrchestrationStarted: false, request.Target, [], ResendOf: resendOf,
            ParentId: request.ParentId, Children: request.HasChildren ? request.ChildIds : null, TemplateVersion: request.TemplateVersion);
        if (missing is { } channel)
        {
            return new IntakeResult(IntakeDisposition.Refused, header, new Dictionary<string, string[]>
            {
                ["commsType"] = [$"There are no {channel.WireName()} templates for comms type '{request.CommsType}'."],
            });
        }

        if (request.BusinessKey is { } businessKey)
        {
            var content = RequestFingerprint.Content(request);
            var (holder, holderContent) = await businessKeys.ClaimAsync(businessKey, request.RequestId, content, cancellationToken);
            if (holder != request.RequestId)
            {
                var first = await requests.GetAsync(holder, cancellationToken);
                if (holderContent != content)
                {
                    return new IntakeResult(IntakeDisposition.BusinessKeyConflict, first ?? header);
                }

                // The same communication: it is the first request. Created under that id when an earlier call stopped
                // after claiming the key, so the key never points at nothing.
                return first is not null && Started(first)
                    ? new IntakeResult(IntakeDisposition.Existing, first)
                    : (await SubmitAsync(request with { RequestId = holder }, workflow, resendOf, cancellationToken)) with { Disposition = IntakeDisposition.Existing };
            }
        }

        var (created, stored) = await requests.CreateAsync(header, cancellationToken);
        if (!created && stored.Fingerprint != fingerprint)
        {
            return new IntakeResult(IntakeDisposition.Conflict, stored);
        }

        if (created)
        {
            CommsTelemetry.RequestsReceived.Add(1, CommsTelemetry.ChannelOf(request.Channel));
            await history.AppendAsync(
                new StatusReport(request.RequestId, CommsStatus.Received, now, RequestIds.PipelineSource, resendOf is null ? SourceName(request.Source) : $"resend of {resendOf}", RequestIds.PipelineReport(CommsStatus.Received)),
                cancellationToken);
        }

        if (request.CancellationKey is { } cancellationKey)
        {
            await cancellationKeys.AddAsync(cancellationKey, request.RequestId, cancellationToken);
        }

        if (!Started(stored))
        {
            // Before the start, so that a call repeated after a crash writes it too (the rows replace themselves).
            await search.AddAsync(SearchTerms.Of(request, stored.CreatedAt), cancellationToken);
            await workflow.EnsureStartedAsync(request, cancellationToken);
            stored = stored with { OrchestrationStarted = true };
        }

        return new IntakeResult(created ? IntakeDisposition.Created : IntakeDisposition.Existing, stored);
    }

    /// <summary>
    /// Whether the request's orchestration is known to run: it has moved the status past <c>received</c> (or the row,
    /// written before the intake stopped marking it, says so). A repeat of a request still <c>received</c> starts it
    /// again, which the task hub ignores for an instance it has: one table write less per request than marking each
    /// start (docs/performance.md, Storage operations per e-mail).
    /// </summary>
    private static bool Started(RequestHeader header) => header.OrchestrationStarted || header.Status != CommsStatus.Received;

    private static string SourceName(CommsSource source) => source switch
    {
        CommsSource.Api => "api",
        CommsSource.Batch => "batch",
        _ => "workflowEvent",
    };
}
