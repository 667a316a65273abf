using System.Text;
using Comms.Core.Consent;
using Comms.Core.Domain;
using Comms.Core.Pacing;
using Comms.Core.Ports;
using Comms.Core.Telemetry;
using Comms.Core.Text;
using Comms.Core.Workflow;
using Microsoft.Extensions.Options;

namespace Comms.Core.Activities;

/// <summary>
/// The seed's channel daemons. A channel with rate limits (<see cref="RateLimitOptions"/>) first reserves a slot of
/// its sender; a slot in the future is returned as a wait, and the workflow calls again at that time. Every send goes
/// through the send ledger, so a retried or replayed activity finds the accepted send and returns it instead of
/// sending again. A claim without an outcome means an earlier attempt may have reached the provider: a provider that
/// can tell (<see cref="IPreviousSendLookup"/>) is asked first; otherwise the message is sent again with the same
/// idempotency key, which providers use to drop the repeat. A provider's 429 becomes a wait of its <c>Retry-After</c>,
/// and pauses the sender's shared limiter for as long. A cancel that wrote the ledger row first (<c>Cancellations</c>)
/// makes it send nothing and return <see cref="SendResult.Cancelled"/>; the customer's rules (<see cref="ConsentPolicy"/>),
/// asked at the last moment, make it send nothing and return <see cref="SendResult.Suppressed"/>.
/// </summary>
public sealed class SendActivity(
    IEnumerable<IMessageSender> senders,
    ISendLedger ledger,
    IWorkStore work,
    IRateLimiter limiter,
    IOptions<RateLimitOptions> rateLimits,
    ConsentPolicy consent,
    TimeProvider time,
    StatusRecorder? recorder = null)
    : ICommsActivity<SendInput, SendResult>
{
    private readonly Dictionary<Channel, IMessageSender> byChannel = senders.ToDictionary(s => s.Channel);

    /// <summary>Sends (<see cref="SendAsync"/>) and records what an accepted send reports (<see cref="RecordAsync"/>).</summary>
    public async Task<SendResult> RunAsync(SendInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var sent = await SendAsync(input, cancellationToken);
        await RecordAsync(input.Request, sent, null, cancellationToken);
        return sent;
    }

    /// <summary>True when the provider took the message (now or before): not a wait, a cancel or a suppression.</summary>
    public static bool Accepted(SendResult sent)
    {
        ArgumentNullException.ThrowIfNull(sent);
        return sent.WaitUntil is null && sent.Reached is not (CommsStatus.Cancelled or CommsStatus.Suppressed);
    }

    /// <summary>The send alone, with nothing recorded: Proceed records it with the archived documents (<see cref="RecordAsync"/>).</summary>
    public async Task<SendResult> SendAsync(SendInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = CommsTelemetry.StartRequestSpan("comms.send", input.Request.RequestId);
        var request = input.Request;
        if (!byChannel.TryGetValue(request.Channel, out var sender))
        {
            throw new PermanentSendException($"No provider is configured for the {request.Channel} channel.");
        }

        var limits = rateLimits.Value.For(request.Channel);
        var senderKey = sender.SenderKey(input.Gathered.Target);
        DateTimeOffset? slot = null;
        if (limits.Count > 0)
        {
            var (granted, wait) = await SlotAsync(senderKey, limits, input.Slot, Bulk(request, input.Turn), cancellationToken);
            if (wait is not null)
            {
                return wait;
            }

            slot = granted;
        }

        var purpose = RequestIds.SendPurpose(request.Channel);
        var entry = await ledger.ClaimAsync(request.RequestId, purpose, time.GetUtcNow(), cancellationToken);
        if (entry.Cancelled)
        {
            return SendResult.Cancelled;
        }

        if (entry.Accepted)
        {
            return new SendResult(entry.Provider ?? "unknown", entry.ProviderMessageId ?? "", entry.Reached ?? CommsStatus.Sent, ReportsDelivery: sender.ReportsDelivery);
        }

        if (await consent.SuppressionAsync(request, input.Gathered.Target, cancellationToken) is { } suppressed)
        {
            return SendResult.Suppressed(suppressed);
        }

        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        var documents = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var (part, artefact) in ChannelParts.For(request.Channel).Zip(input.Rendered.Artefacts))
        {
            var content = await work.ReadAsync(artefact, cancellationToken);
            if (ChannelParts.IsText(part.ContentType))
            {
                parts[part.Part] = Encoding.UTF8.GetString(content);
            }
            else
            {
                documents[part.Part] = content;
            }
        }

        var message = new OutboundMessage(
            request.RequestId, request.AccountId, request.CommsType, request.Channel, input.Gathered.Target,
            IdempotencyKey: RequestIds.IdempotencyKey(request.RequestId, purpose), parts, documents, entry.ClaimedAt, consent.HeadersFor(request));
        // The claim and the reads took time: a slot now past its margin is given up for a new one, so that the send
        // still goes out within its slot's margin (see SlotAsync).
        if (slot is { } used && time.GetUtcNow() > used + Lateness(limits))
        {
            var (_, wait) = await SlotAsync(senderKey, limits, null, Bulk(request, input.Turn), cancellationToken);
            if (wait is not null)
            {
                return wait;
            }
        }

        SendReceipt receipt;
        try
        {
            var previous = entry.Attempts > 1 && sender is IPreviousSendLookup lookup
                ? await lookup.FindPreviousSendAsync(message, cancellationToken)
                : null;
            receipt = previous ?? await sender.SendAsync(message, cancellationToken);
        }
        catch (ProviderThrottledException throttled)
        {
            var until = time.GetUtcNow() + throttled.RetryAfter;
            if (limits.Count > 0)
            {
                await limiter.PauseAsync(senderKey, until, cancellationToken);
            }

            CommsTelemetry.ProviderThrottled.Add(1, CommsTelemetry.ChannelOf(request.Channel));
            return SendResult.Wait(until, null, throttled.Message);
        }

        await ledger.RecordAcceptedAsync(request.RequestId, purpose, receipt, time.GetUtcNow(), cancellationToken);
        await consent.RememberRecipientAsync(request, input.Gathered.Target, cancellationToken);
        return new SendResult(receipt.Provider, receipt.ProviderMessageId, receipt.Reached, ReportsDelivery: sender.ReportsDelivery);
    }

    /// <summary>
    /// What an accepted send reports: <c>sent</c> with the provider's message id (final when no delivery report will
    /// follow), and <c>delivered</c> when the provider delivered it at once. Each has the pipeline's report id for its
    /// status, so recording it again (a retried Send, an older orchestration's own RecordStatus call) adds nothing.
    /// </summary>
    public static IEnumerable<StatusReport> Reports(string requestId, SendResult sent, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(sent);
        yield return new StatusReport(
            requestId, CommsStatus.Sent, at, RequestIds.PipelineSource, $"{sent.Provider}: {sent.ProviderMessageId}", RequestIds.PipelineReport(CommsStatus.Sent),
            sent.ProviderMessageId, !sent.ReportsDelivery && sent.Reached == CommsStatus.Sent);
        if (sent.Reached == CommsStatus.Delivered)
        {
            // A tick after the sent: the history lists by time, and the delivery came of the send.
            yield return new StatusReport(requestId, CommsStatus.Delivered, at.AddTicks(1), RequestIds.PipelineSource, sent.Provider, RequestIds.PipelineReport(CommsStatus.Delivered));
        }
    }

    /// <summary>
    /// Records an accepted send's statuses (<see cref="Reports"/>) here, in the step that caused them, rather than in
    /// activity calls of their own (CommsWorkflow); the <c>sent</c> record carries the archived documents, when given,
    /// in the same write of the header. Nothing for a send that was not accepted.
    /// </summary>
    public async Task RecordAsync(CommsRequest request, SendResult sent, IReadOnlyList<DocumentRef>? documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (recorder is null || !Accepted(sent))
        {
            return;
        }

        foreach (var report in Reports(request.RequestId, sent, time.GetUtcNow()))
        {
            await recorder.RecordAsync(report, report.Status == CommsStatus.Sent ? documents : null, cancellationToken);
        }
    }

    /// <summary>
    /// The slot the send may go in now, or the wait for a later one: the reserved slot when it has come (and is not
    /// later than the window's margin allows), otherwise a new reservation.
    /// </summary>
    /// <remarks>
    /// A send goes out in [slot − <see cref="Early"/>, slot + margin − <see cref="Early"/>], and slots <c>limit</c>
    /// apart are at least period + margin apart, so any two sends <c>limit</c> apart are at least a period apart. A new
    /// reservation is held to the same rule: one that took longer than the margin (the row contended by many senders,
    /// or storage slow) returns a slot already past, and is given up for another.
    /// </remarks>
    private async Task<(DateTimeOffset? Slot, SendResult? Wait)> SlotAsync(string senderKey, IReadOnlyList<RateWindow> limits, DateTimeOffset? reserved, BulkLane? bulk, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lateness = Lateness(limits);
        if (reserved is { } slot)
        {
            // The workflow wakes a little before the slot (CommsWorkflow.SlotLead), so that the queues' delays are
            // spent before it, not after: the last moment is waited here.
            if (now < slot - Early && slot - now <= CommsWorkflow.SlotLead + Early)
            {
                await Task.Delay(slot - now, time, cancellationToken);
                now = time.GetUtcNow();
            }

            if (now >= slot - Early && now <= slot + lateness)
            {
                return (slot, null);
            }

            if (now < slot)
            {
                return (null, SendResult.Wait(slot, slot, $"rate limit of {senderKey}"));
            }
        }

        for (var attempt = 1; attempt <= StaleReservations; attempt++)
        {
            var next = now;
            if (bulk is not null)
            {
                var (at, reservedNow) = await limiter.ReserveBulkAsync(senderKey, limits, now, bulk.Turn, cancellationToken);
                if (!reservedNow)
                {
                    // A batch item's turn: it comes back a lookahead before it and reserves then, behind any single request.
                    return (null, SendResult.Wait(at - RateWindow.Lookahead(limits), null, $"rate limit of {senderKey} (bulk lane, turn at {at.UtcDateTime:O})", at));
                }

                next = at;
            }
            else
            {
                next = await limiter.ReserveAsync(senderKey, limits, now, cancellationToken);
            }

            now = time.GetUtcNow();
            if (next > now + Early)
            {
                return (null, SendResult.Wait(next, next, $"rate limit of {senderKey}"));
            }

            if (now <= next + lateness)
            {
                return (next, null);
            }
        }

        // Every reservation came back too late to use: the limiter is contended beyond its margin; try again shortly.
        return (null, SendResult.Wait(now + lateness, null, $"rate limit of {senderKey}: reservations slower than its margin"));
    }

    /// <summary>A batch item sends in the bulk lane (<see cref="IRateLimiter.ReserveBulkAsync"/>), with the turn it may have.</summary>
    private sealed record BulkLane(DateTimeOffset? Turn);

    private static BulkLane? Bulk(CommsRequest request, DateTimeOffset? turn) =>
        RequestIds.TryParseBatchItem(request.RequestId, out _, out _) ? new BulkLane(turn) : null;

    /// <summary>How late after its slot a send may still go out.</summary>
    private static TimeSpan Lateness(IReadOnlyList<RateWindow> limits) => limits.Min(w => w.Margin) - Early;

    /// <summary>Reservations in a row that may come back already past their margin before the send waits instead.</summary>
    private const int StaleReservations = 3;

    /// <summary>How early a slot may be used: durable timers and clocks of different instances are this close.</summary>
    private static readonly TimeSpan Early = TimeSpan.FromMilliseconds(100);
}
