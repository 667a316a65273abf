using Comms.Core.Domain;

namespace Comms.Core.Workflow;

// The small records that cross the orchestration history between steps. Content travels by reference (Artefact).

/// <summary>What Gather resolved: the one target, the locale and the template set.</summary>
/// <param name="TimeZone">The account's IANA time zone from its account data, when it has one.</param>
/// <param name="MergeFields">
/// When the account has fields of its own: the blob of the merge fields Gather wrote (those fields under the request's
/// data), which Render reads. Null otherwise, and in results recorded before it existed: Render reads the request's data.
/// </param>
/// <param name="QuietUntil">When the channel's sending window opens for the recipient, if it is closed now (README, Quiet hours).</param>
public sealed record GatherResult(CommsTarget Target, string Locale, string TemplateId, string TemplateVersion, string? TimeZone = null, string? MergeFields = null, DateTimeOffset? QuietUntil = null);

public sealed record RenderInput(CommsRequest Request, GatherResult Gathered);

public sealed record RenderResult(IReadOnlyList<Artefact> Artefacts);

/// <summary>What Prepare (Gather, then Render) returns: both results, as the two steps did.</summary>
public sealed record PrepareResult(GatherResult Gathered, RenderResult Rendered);

/// <param name="Slot">The rate-limit slot an earlier call reserved for this send, which the workflow waited for.</param>
/// <param name="Turn">A batch item's turn in its sender's bulk queue, which an earlier call gave it (<see cref="Ports.IRateLimiter.ReserveBulkAsync"/>).</param>
public sealed record SendInput(CommsRequest Request, GatherResult Gathered, RenderResult Rendered, DateTimeOffset? Slot = null, DateTimeOffset? Turn = null);

/// <summary>
/// What Send did: the provider accepted the message, or (<see cref="WaitUntil"/> set) nothing was sent yet because
/// of a rate limit: the workflow waits until then and calls Send again, passing <see cref="Slot"/> when the wait
/// is for a reserved slot.
/// </summary>
/// <param name="Reached">Sent, delivered, or cancelled (a cancel came before the send) or suppressed (the customer's rules stopped it): then nothing was sent.</param>
/// <param name="ReportsDelivery">The provider reports delivery later (<see cref="Ports.IMessageSender.ReportsDelivery"/>).</param>
/// <param name="Turn">For a batch item's wait in the bulk lane: its turn, passed back on the next call.</param>
public sealed record SendResult(string Provider, string ProviderMessageId, CommsStatus Reached, DateTimeOffset? WaitUntil = null, DateTimeOffset? Slot = null, string? WaitDetail = null, bool ReportsDelivery = false, DateTimeOffset? Turn = null)
{
    public static SendResult Wait(DateTimeOffset until, DateTimeOffset? slot, string detail, DateTimeOffset? turn = null) => new("", "", CommsStatus.Processing, until, slot, detail, Turn: turn);

    public static SendResult Cancelled { get; } = new("", "", CommsStatus.Cancelled);

    /// <summary>The customer's rules stopped the send (<see cref="Consent.ConsentPolicy"/>); <see cref="WaitDetail"/> says why. Nothing was sent.</summary>
    public static SendResult Suppressed(string reason) => new("", "", CommsStatus.Suppressed, WaitDetail: reason);
}

public sealed record StoreInput(CommsRequest Request, RenderResult Rendered);

public sealed record StoreResult(IReadOnlyList<DocumentRef> Documents);

/// <summary>
/// How far Proceed (Prepare, Send, Store in one step) went: what it prepared, and what Send and Store returned, or how
/// they failed; null for a step it did not reach. The workflow goes on from the first step without a result.
/// </summary>
public sealed record ProceedResult(PrepareResult Prepared, SendResult? Sent = null, StoreResult? Stored = null, StepFailure? SendFailure = null, StepFailure? StoreFailure = null);

/// <summary>A step's failure inside Proceed, as the workflow would have seen it had the step been its own activity.</summary>
/// <param name="Permanent">A <see cref="Ports.PermanentSendException"/>: no retry will help.</param>
public sealed record StepFailure(string Message, bool Permanent)
{
    public static StepFailure Of(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new StepFailure(failure.Message, failure is Ports.PermanentSendException);
    }
}

/// <summary>How a request ended, as the orchestration's output.</summary>
public sealed record CommsOutcome(
    string RequestId,
    CommsStatus Status,
    string? FailureReason,
    string? Provider,
    string? ProviderMessageId,
    IReadOnlyList<DocumentRef> Documents);
