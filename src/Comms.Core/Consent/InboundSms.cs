using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Core.Consent;

/// <summary>
/// A customer's SMS reply (ACS's <c>SMSReceived</c> event): <c>STOP</c> blocks the number for every SMS, <c>START</c>
/// opens it again; each is recorded with its evidence in the history of every account Comms wrote to at that number.
/// Anything else, or a reply from a number Comms never wrote to, changes nothing and is answered with the reason.
/// </summary>
public sealed class InboundSms(IConsentStore consent)
{
    /// <summary>The opt-out keywords carriers and ACS recognise (the first word of the reply, any case).</summary>
    public static IReadOnlyList<string> StopWords { get; } = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT"];

    public static IReadOnlyList<string> StartWords { get; } = ["START", "UNSTOP", "OPTIN"];

    /// <summary>Records the reply; returns null when it changed something, else why not.</summary>
    /// <param name="eventId">The event that brought the reply: a redelivered one records nothing new.</param>
    public async Task<string?> HandleAsync(string? from, string? text, DateTimeOffset at, string? eventId = null, CancellationToken cancellationToken = default)
    {
        if (from is null || !PhoneNumbers.IsE164(from))
        {
            return $"The reply's sender '{from}' is not an E.164 number.";
        }

        var word = (text ?? "").Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToUpperInvariant() ?? "";
        bool? block = StopWords.Contains(word) ? true : StartWords.Contains(word) ? false : null;
        if (block is not { } blocked)
        {
            return $"The reply from {from} is not a STOP or START keyword; nothing changed.";
        }

        var address = ContactAddresses.Sms(from);
        var accounts = await consent.AccountsAtAsync(address, cancellationToken);
        if (accounts.Count == 0)
        {
            return $"{word} from {from}, a number Comms never wrote to; nothing changed.";
        }

        var evidence = new ConsentEvidence(at, "smsReply", from, Detail: word);
        await consent.SetBlockedAsync(address, blocked, evidence, cancellationToken);
        foreach (var account in accounts)
        {
            await consent.AppendHistoryAsync(account, new ConsentHistoryEntry(ConsentCategories.AnyChannel, Channel.Sms.WireName(), !blocked, evidence, address), eventId, cancellationToken);
        }

        return null;
    }
}
