namespace Comms.Infrastructure.Channels.Email;

/// <summary>The e-mail channel, bound from <c>Comms:Email</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Comms:Email";

    /// <summary><c>Smtp</c>, <c>Acs</c> or <c>Sandbox</c> (the default).</summary>
    public string Provider { get; set; } = "Sandbox";

    /// <summary>The sender address.</summary>
    public string From { get; set; } = "";

    /// <summary>The sender's display name, when wanted.</summary>
    public string? FromName { get; set; }

    /// <summary>Where replies go, when not to <see cref="From"/> (ACS).</summary>
    public string? ReplyTo { get; set; }
}
