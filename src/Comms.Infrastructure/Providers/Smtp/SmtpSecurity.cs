namespace Comms.Infrastructure.Providers.Smtp;

/// <summary>How the connection to the SMTP relay is secured (<c>Comms:Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text: a local test inbox only.</summary>
    None,

    /// <summary>Upgrade with STARTTLS, and fail when the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}
