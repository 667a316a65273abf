namespace Comms.Api.Status;

/// <summary><c>Comms:StatusWebhook</c>: the partners allowed to report statuses, each with its <c>whsec_…</c> secrets.</summary>
public sealed class StatusWebhookOptions
{
    public const string Section = "Comms:StatusWebhook";

    /// <summary><c>Comms:StatusWebhook:Partners:{name}:Secrets</c>; the name becomes the history's source <c>partner:{name}</c>.</summary>
    public Dictionary<string, StatusWebhookPartner> Partners { get; } = new(StringComparer.Ordinal);
}
