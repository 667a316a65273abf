namespace Comms.Api.Status;

/// <summary>One partner of the status webhook.</summary>
public sealed class StatusWebhookPartner
{
    /// <summary>Several at once while a secret is rotated: a signature made with any of them is accepted.</summary>
    public IList<string> Secrets { get; } = [];
}
