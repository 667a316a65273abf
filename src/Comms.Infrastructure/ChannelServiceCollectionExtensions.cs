using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Infrastructure.Channels;
using Comms.Infrastructure.Pdf;
using Comms.Infrastructure.Providers.Acs;
using Comms.Infrastructure.Providers.ExternalWebhook;
using Comms.Infrastructure.Providers.NotificationHubs;
using Comms.Infrastructure.Providers.OnlineInbox;
using Comms.Infrastructure.Providers.PrintHouse;
using Comms.Infrastructure.Providers.Sandbox;
using Comms.Infrastructure.Providers.Smtp;
using Comms.Infrastructure.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Comms.Infrastructure;

/// <summary>Registers the template renderer and one <see cref="IMessageSender"/> per channel, chosen by configuration.</summary>
public static class ChannelServiceCollectionExtensions
{
    /// <summary>The <see cref="ITemplateRenderer"/>: one RazorLight engine for the process, so each template compiles once.</summary>
    public static IServiceCollection AddCommsRendering(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton<ITemplateRenderer, RazorTemplateRenderer>();

        // Published versions live in comms-templates (BlobTemplateStore); these are the bounds they must meet.
        services.AddOptions<Comms.Core.Templating.TemplateOptions>()
            .BindConfiguration(Comms.Core.Templating.TemplateOptions.Section)
            .Validate(o => o.MaxSmsSegments is >= 1 and <= 10, "Comms:Templates:MaxSmsSegments must be between 1 and 10.")
            .Validate(o => o.MaxLetterPages is >= 1 and <= 50, "Comms:Templates:MaxLetterPages must be between 1 and 50.")
            .Validate(o => o.ActiveCacheDuration >= TimeSpan.Zero, "Comms:Templates:ActiveCacheDuration must not be negative.")
            .ValidateOnStart();

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
    /// The providers of every channel (each registered by its folder under <c>Providers/</c>). A provider that is not
    /// known, or whose settings are wrong, fails here or at startup rather than on the first message.
    /// </summary>
    public static IServiceCollection AddCommsChannels(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        _ = ProviderSettings.Choose(configuration, AppSettingNames.EmailProvider, EmailProvider.Sandbox) switch
        {
            EmailProvider.Smtp => services.AddSmtpEmail(),
            EmailProvider.Acs => services.AddAcsEmail(configuration),
            _ => services.AddSandbox(Channel.Email),
        };
        _ = ProviderSettings.Choose(configuration, AppSettingNames.SmsProvider, SmsProvider.Sandbox) switch
        {
            SmsProvider.Acs => services.AddAcsSms(configuration),
            _ => services.AddSandbox(Channel.Sms),
        };
        _ = ProviderSettings.Choose(configuration, AppSettingNames.PushProvider, PushProvider.Sandbox) switch
        {
            PushProvider.NotificationHubs => services.AddNotificationHubs(),
            _ => services.AddSandbox(Channel.PushToHandset),
        };
        _ = ProviderSettings.Choose(configuration, AppSettingNames.LetterDelivery, LetterDelivery.Sandbox) switch
        {
            LetterDelivery.Sftp => services.AddSftpPrintHouse(),
            LetterDelivery.Blob => services.AddBlobPrintHouse(),
            _ => services.AddSandbox(Channel.Letter),
        };

        // Push to external posts to the configured systems (Comms:External:Systems); Sandbox when none is, or when asked.
        var systemsConfigured = configuration.GetSection(ExternalSystemOptions.Section).GetChildren().Any();
        _ = ProviderSettings.Choose(configuration, AppSettingNames.ExternalProvider, systemsConfigured ? ExternalProvider.Webhook : ExternalProvider.Sandbox) switch
        {
            ExternalProvider.Webhook => services.AddExternalSystems(),
            _ => services.AddSandbox(Channel.PushToExternal),
        };

        return services.AddOnlineInbox();
    }
}
