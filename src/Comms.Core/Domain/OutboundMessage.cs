namespace Comms.Core.Domain;

/// <summary>A rendered communication ready for a channel's provider.</summary>
/// <param name="IdempotencyKey">Stable for the request and purpose: providers that support it get it as their idempotency header.</param>
/// <param name="Parts">Rendered parts by name (<c>subject</c>, <c>html</c>, <c>title</c>, <c>body</c>, …).</param>
/// <param name="FirstAttemptAt">When the send ledger first claimed this send: providers with repeatability headers (ACS SMS) send it with every attempt.</param>
public sealed record OutboundMessage(
    string RequestId,
    string AccountId,
    string CommsType,
    Channel Channel,
    CommsTarget Target,
    string IdempotencyKey,
    IReadOnlyDictionary<string, string> Parts,
    DateTimeOffset? FirstAttemptAt = null)
{
    public string Part(string name) =>
        Parts.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"The rendered message has no '{name}' part.");
}
