namespace Comms.Infrastructure.Providers.Smtp;

/// <summary>The SMTP relay, bound from <c>Comms:Smtp</c>.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Comms:Smtp";

    public string Host { get; set; } = "";

    public int Port { get; set; } = 25;

    /// <summary>Secure unless told otherwise; a local MailDev needs <see cref="SmtpSecurity.None"/>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Authenticates when set.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>How long one send (connect, authenticate, send) may take before it fails and the workflow retries it.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
