namespace Comms.Core.Domain;

/// <summary>A rendered communication ready for a channel's provider.</summary>
/// <param name="IdempotencyKey">Stable for the request and purpose: providers that support it get it as their idempotency header.</param>
/// <param name="Parts">Rendered text parts by name (<c>subject</c>, <c>html</c>, <c>title</c>, <c>body</c>, …).</param>
/// <param name="Documents">Rendered parts that are not text, by name (the letter's <c>pdf</c>); empty for other channels.</param>
/// <param name="Headers">E-mail headers to add (the one-click unsubscribe of README, Consent and preferences).</param>
/// <param name="FirstAttemptAt">When the send ledger first claimed this send: providers with repeatability headers (ACS SMS) send it with every attempt.</param>
public sealed record OutboundMessage(
    string RequestId,
    string AccountId,
    string CommsType,
    Channel Channel,
    CommsTarget Target,
    string IdempotencyKey,
    IReadOnlyDictionary<string, string> Parts,
    IReadOnlyDictionary<string, ReadOnlyMemory<byte>>? Documents = null,
    DateTimeOffset? FirstAttemptAt = null,
    IReadOnlyDictionary<string, string>? Headers = null)
{
    public ReadOnlyMemory<byte> Document(string name) =>
        Documents is not null && Documents.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"The rendered message has no '{name}' document.");

    public string Part(string name) =>
        Parts.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"The rendered message has no '{name}' part.");
}
