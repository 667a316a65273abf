using System.Text;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Telemetry;
using Comms.Core.Text;
using Comms.Core.Workflow;

namespace Comms.Core.Activities;

/// <summary>
/// The seed's channel daemons. Every send goes through the send ledger, so a retried or replayed activity
/// finds the accepted send and returns it instead of sending again. A claim without an outcome means an earlier
/// attempt may have reached the provider: a provider that can tell (<see cref="IPreviousSendLookup"/>) is asked
/// first; otherwise the message is sent again with the same idempotency key, which providers use to drop the repeat.
/// </summary>
public sealed class SendActivity(IEnumerable<IMessageSender> senders, ISendLedger ledger, IWorkStore work, TimeProvider time)
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
        var receipt = entry.Attempts > 1 && sender is IPreviousSendLookup lookup
            ? await lookup.FindPreviousSendAsync(message, cancellationToken)
            : null;
        receipt ??= await sender.SendAsync(message, cancellationToken);
        await ledger.RecordAcceptedAsync(request.RequestId, purpose, receipt, time.GetUtcNow(), cancellationToken);
        return new SendResult(receipt.Provider, receipt.ProviderMessageId, receipt.Reached);
    }
}
