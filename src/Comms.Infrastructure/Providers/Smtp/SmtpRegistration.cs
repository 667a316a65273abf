using Comms.Core.Ports;
using Comms.Infrastructure.Channels.Email;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Comms.Infrastructure.Providers.Smtp;

/// <summary>E-mail over SMTP (MailKit).</summary>
public static class SmtpRegistration
{
    public static IServiceCollection AddSmtpEmail(this IServiceCollection services)
    {
        services.AddOptions<SmtpOptions>()
            .BindConfiguration(SmtpOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Host), "Comms:Smtp:Host is required when Comms:Email:Provider is Smtp.")
            .Validate(o => o.Port is > 0 and < 65536, "Comms:Smtp:Port must be a TCP port (1-65535).")
            .Validate(o => o.Timeout > TimeSpan.Zero, "Comms:Smtp:Timeout must be positive.")
            .ValidateOnStart();
        services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.Section)
            .Validate(o => MailboxAddress.TryParse(o.From, out var from) && from.Address.Contains('@', StringComparison.Ordinal), "Comms:Email:From must be an e-mail address when Comms:Email:Provider is Smtp.")
            .ValidateOnStart();
        services.AddSingleton<IMessageSender, SmtpEmailSender>();
        return services;
    }
}
