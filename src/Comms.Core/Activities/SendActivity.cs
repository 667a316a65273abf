using System.Text;
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
/// and pauses the sender's shared limiter for as long.
/// </summary>
public sealed class SendActivity(
    IEnumerable<IMessageSender> senders,
    ISendLedger ledger,
    IWorkStore work,
    IRateLimiter limiter,
    IOptions<RateLimitOptions> rateLimits,
    TimeProvider time)
    : ICommsActivity<SendInput, SendResult>
{
    private readonly Dictionary<Channel, IMessageSender> byChannel = senders.ToDictionary(s => s.Channel);

    public async Task<SendResult> RunAsync(SendInput input, CancellationToken cancellationToken = default)
    {
        using var span = CommsTelemetry.StartRequestSpan("comms.send", input.Request.RequestId);
        var request = input.Request;
        if (!byChannel.TryGetValue(request.Channel, out var sender))
        {
            throw new PermanentSendException($"No provider is configured for the {request.Channel} channel.");
        }

        var limits = rateLimits.Value.For(request.Channel);
        if (limits.Count > 0 && await SlotAsync(sender.SenderKey(input.Gathered.Target), limits, input.Slot, cancellationToken) is { } wait)
        {
            return wait;
        }

        var purpose = RequestIds.SendPurpose(request.Channel);
        var entry = await ledger.ClaimAsync(request.RequestId, purpose, time.GetUtcNow(), cancellationToken);
        if (entry.Accepted)
        {
            return new SendResult(entry.Provider ?? "unknown", entry.ProviderMessageId ?? "", entry.Reached ?? CommsStatus.Sent);
        }

        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        var documents = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        foreach (var (part, artefact) in ChannelParts.For(request.Channel).Zip(input.Rendered.Artefacts))
        {
            var content = await work.GetAsync(artefact.BlobName, cancellationToken);
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
            IdempotencyKey: RequestIds.IdempotencyKey(request.RequestId, purpose), parts, documents, entry.ClaimedAt);
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
                await limiter.PauseAsync(sender.SenderKey(input.Gathered.Target), until, cancellationToken);
            }

            CommsTelemetry.ProviderThrottled.Add(1, CommsTelemetry.ChannelOf(request.Channel));
            return SendResult.Wait(until, null, throttled.Message);
        }

        await ledger.RecordAcceptedAsync(request.RequestId, purpose, receipt, time.GetUtcNow(), cancellationToken);
        return new SendResult(receipt.Provider, receipt.ProviderMessageId, receipt.Reached);
    }

    /// <summary>
    /// Null when the send may go now: its reserved slot has come (and is not later than the window's margin allows),
    /// or a new reservation is due now. Otherwise the wait for the reserved slot.
    /// </summary>
    /// <remarks>
    /// A send goes out in [slot − <see cref="Early"/>, slot + margin − <see cref="Early"/>], and slots <c>limit</c>
    /// apart are at least period + margin apart, so any two sends <c>limit</c> apart are at least a period apart.
    /// </remarks>
    private async Task<SendResult?> SlotAsync(string senderKey, IReadOnlyList<RateWindow> limits, DateTimeOffset? reserved, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lateness = limits.Min(w => w.Margin) - Early;
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
                return null;
            }

            if (now < slot)
            {
                return SendResult.Wait(slot, slot, $"rate limit of {senderKey}");
            }
        }

        var next = await limiter.ReserveAsync(senderKey, limits, now, cancellationToken);
        return next <= now + Early ? null : SendResult.Wait(next, next, $"rate limit of {senderKey}");
    }

    /// <summary>How early a slot may be used: durable timers and clocks of different instances are this close.</summary>
    private static readonly TimeSpan Early = TimeSpan.FromMilliseconds(100);
}
