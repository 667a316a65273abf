namespace Comms.Core.Domain;

/// <summary>What a provider said when it accepted a message.</summary>
/// <param name="Reached"><see cref="CommsStatus.Sent"/>, or <see cref="CommsStatus.Delivered"/> where acceptance is delivery (Sandbox, the online inbox).</param>
/// <param name="Detail">What the provider's answer says beyond acceptance (an SMS's encoding and segments), kept in the send ledger.</param>
public sealed record SendReceipt(string Provider, string ProviderMessageId, CommsStatus Reached, string? Detail = null);
