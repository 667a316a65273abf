using Azure.Storage.Blobs;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Infrastructure.Channels;
using Comms.Infrastructure.Channels.Email;
using Comms.Infrastructure.Pdf;
using Comms.Infrastructure.Rendering;
using Comms.Infrastructure.Sftp;
using MimeKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Comms.Infrastructure.Providers.Acs;
using Comms.Infrastructure.Providers.ExternalWebhook;
using Comms.Infrastructure.Providers.OnlineInbox;
using Comms.Infrastructure.Providers.PrintHouse;
using Comms.Infrastructure.Providers.Sandbox;
using Comms.Infrastructure.Providers.Smtp;

namespace Comms.Infrastructure;

/// <summary>Registers the template renderer and one <see cref="IMessageSender"/> per channel, chosen by configuration.</summary>
public static class ChannelServiceCollectionExtensions
{
    private const string Sandbox = "Sandbox";

    /// <summary>The <see cref="ITemplateRenderer"/>: one RazorLight engine for the process, so each template compiles once.</summary>
    public static IServiceCollection AddCommsRendering(this IServiceCollection services, IConfiguration configuration)
    {
        // The configuration will select the admin override container (comms-templates) once that exists.
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<ITemplateRenderer, RazorTemplateRenderer>();

        // Chromium starts with the first letter, so hosts that print none never need it.
        services.AddOptions<ChromiumOptions>()
            .BindConfiguration(ChromiumOptions.Section)
            .Validate(o => o.MaxConcurrentPages is > 0 and <= 64, "Comms:Pdf:MaxConcurrentPages must be between 1 and 64.")
            .Validate(o => o.Timeout > TimeSpan.Zero, "Comms:Pdf:Timeout must be positive.")
            .Validate(o => o.MaxPages > 0, "Comms:Pdf:MaxPages must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<IPdfRenderer, ChromiumPdfRenderer>();
        return services;
    }

    /// <summary>
    /// The providers of every channel. A provider that is named but not available yet, or not known, fails
    /// here, at startup, rather than on the first message. Sandbox senders need a <see cref="BlobServiceClient"/>
    /// and the online channel an <see cref="INotificationInbox"/>, both registered by the storage setup.
    /// </summary>
    public static IServiceCollection AddCommsChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        switch (ChooseProvider(configuration, AppSettingNames.EmailProvider, available: ["Smtp", "Acs", Sandbox], notYet: []))
        {
            case "Smtp":
                AddSmtp(services);
                break;
            case "Acs":
                services.AddAcsEmail(configuration);
                break;
            default:
                AddSandbox(services, Channel.Email);
                break;
        }

        if (ChooseProvider(configuration, AppSettingNames.SmsProvider, available: ["Acs", Sandbox], notYet: []) == "Acs")
        {
            services.AddAcsSms(configuration);
        }
        else
        {
            AddSandbox(services, Channel.Sms);
        }

        if (ChooseProvider(configuration, AppSettingNames.PushProvider, available: ["NotificationHubs", Sandbox], notYet: []) == "NotificationHubs")
        {
            services.AddNotificationHubs(configuration);
        }
        else
        {
            AddSandbox(services, Channel.PushToHandset);
        }

        switch (ChooseProvider(configuration, AppSettingNames.LetterDelivery, available: ["Sftp", "Blob", Sandbox], notYet: []))
        {
            case "Sftp":
                var printHouse = SftpStore.FromConfiguration(configuration, SftpOptions.PrintHouseSection);
                services.AddSingleton<IMessageSender>(_ => new PrintHouseSender(new SftpPrintHouseDrop(printHouse)));
                break;
            case "Blob":
                services.AddSingleton<IMessageSender>(sp => new PrintHouseSender(new BlobPrintHouseDrop(sp.GetRequiredService<BlobServiceClient>())));
                break;
            default:
                AddSandbox(services, Channel.Letter);
                break;
        }

        // Push to external posts to the configured systems (Comms:External:Systems); Sandbox when none is, or when asked.
        var systemsConfigured = configuration.GetSection(ExternalSystemOptions.Section).GetChildren().Any();
        if (ChooseProvider(configuration, "Comms:External:Provider", available: ["Webhook", Sandbox], notYet: []) == "Webhook"
            || (systemsConfigured && string.IsNullOrWhiteSpace(configuration["Comms:External:Provider"])))
        {
            services.AddExternalSystems(configuration);
        }
        else
        {
            AddSandbox(services, Channel.PushToExternal);
        }

        services.AddSingleton<IMessageSender, OnlineInboxSender>();
        return services;
    }

    private static void AddSmtp(IServiceCollection services)
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
    }

    private static void AddSandbox(IServiceCollection services, Channel channel) =>
        services.AddSingleton<IMessageSender>(sp => new SandboxSender(channel, sp.GetRequiredService<BlobServiceClient>()));

    /// <summary>The configured provider, spelt as in <paramref name="available"/>; Sandbox when unset.</summary>
    private static string ChooseProvider(IConfiguration configuration, string key, string[] available, string[] notYet)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return Sandbox;
        }

        var match = available.FirstOrDefault(p => string.Equals(p, value.Trim(), StringComparison.OrdinalIgnoreCase));
        if (match is not null)
        {
            return match;
        }

        if (notYet.Any(p => string.Equals(p, value.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"{key} is '{value}', which this version of Comms does not provide yet. Use {string.Join(" or ", available)}.");
        }

        throw new InvalidOperationException($"{key} is '{value}', which is not a provider. Use {string.Join(" or ", available)}.");
    }
}
