using System.Net.Mail;
using Comms.Core.Ports;
using Comms.Infrastructure.Channels.Email;
using Comms.Infrastructure.Channels.Sms;
using Comms.Infrastructure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Comms.Infrastructure.Providers.Acs;
using Comms.Infrastructure.Providers.ExternalWebhook;
using Comms.Infrastructure.Providers.NotificationHubs;
using Comms.Infrastructure.Providers.Smtp;

namespace Comms.Infrastructure.Channels;

/// <summary>
/// The providers reached over HTTP (ACS SMS and e-mail, Notification Hubs, external systems): their settings,
/// validated at startup, and their HttpClients with the one resilience pipeline.
/// </summary>
public static class HttpChannelServiceCollectionExtensions
{
    public static IServiceCollection AddAcsSms(this IServiceCollection services, IConfiguration configuration)
    {
        AddAcs(services, configuration);
        services.AddOptions<SmsOptions>()
            .BindConfiguration(SmsOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.From), "Comms:Sms:From is required when Comms:Sms:Provider is Acs.")
            .ValidateOnStart();
        services.AddSingleton<IMessageSender, AcsSmsSender>();
        return services;
    }

    public static IServiceCollection AddAcsEmail(this IServiceCollection services, IConfiguration configuration)
    {
        AddAcs(services, configuration);
        services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.Section)
            .Validate(o => MailAddress.TryCreate(o.From, out _), "Comms:Email:From must be an e-mail address when Comms:Email:Provider is Acs.")
            .Validate(o => string.IsNullOrWhiteSpace(o.ReplyTo) || MailAddress.TryCreate(o.ReplyTo, out _), "Comms:Email:ReplyTo must be an e-mail address.")
            .ValidateOnStart();
        services.AddSingleton<IMessageSender, AcsEmailSender>();
        return services;
    }

    public static IServiceCollection AddNotificationHubs(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(NotificationHubsOptions.Section).Get<NotificationHubsOptions>() ?? new NotificationHubsOptions();
        if (string.IsNullOrWhiteSpace(options.HubName))
        {
            throw new InvalidOperationException("Comms:NotificationHubs:HubName is required when Comms:Push:Provider is NotificationHubs.");
        }

        var connection = Parse(() => NotificationHubsConnection.Parse(options.ConnectionString, options.Endpoint), "Comms:NotificationHubs:ConnectionString");
        services.AddProviderClient(NotificationHubsSender.ClientName);
        services.AddSingleton<IMessageSender>(sp => new NotificationHubsSender(
            sp.GetRequiredService<IHttpClientFactory>(), connection, options.HubName, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    public static IServiceCollection AddExternalSystems(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var systems = new Dictionary<string, ExternalSystemOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in configuration.GetSection(ExternalSystemOptions.Section).GetChildren())
        {
            var system = section.Get<ExternalSystemOptions>() ?? new ExternalSystemOptions();
            var key = $"{ExternalSystemOptions.Section}:{section.Key}";
            if (!Uri.TryCreate(system.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw new InvalidOperationException($"{key}:Url must be an http(s) URL.");
            }

            Parse(() => Core.Webhooks.StandardWebhook.DecodeSecret(system.Secret), $"{key}:Secret (whsec_BASE64)");
            systems[section.Key] = system;
        }

        services.AddProviderClient(ExternalWebhookSender.ClientName);
        services.AddSingleton<IMessageSender>(sp => new ExternalWebhookSender(
            sp.GetRequiredService<IHttpClientFactory>(), systems, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>
    /// The ACS endpoint and its authenticated HttpClient, shared by SMS and e-mail: HMAC with the access key of
    /// <c>Comms:Acs:ConnectionString</c>, or, when only <c>Comms:Acs:Endpoint</c> is set (identity-based, as deployed),
    /// an Entra token of the app's credential.
    /// </summary>
    private static void AddAcs(IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(AcsEndpoint)))
        {
            return;
        }

        services.AddOptions<AcsOptions>().BindConfiguration(AcsOptions.Section);
        var client = services.AddProviderClient(AcsSmsSender.ClientName);
        var connectionString = configuration[$"{AcsOptions.Section}:ConnectionString"];
        var endpoint = configuration[AppSettingNames.AcsEndpoint];
        if (string.IsNullOrWhiteSpace(connectionString) && !string.IsNullOrWhiteSpace(endpoint))
        {
            if (!Uri.TryCreate(endpoint.TrimEnd('/') + "/", UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && !(baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback)))
            {
                throw new InvalidOperationException($"{AppSettingNames.AcsEndpoint} must be the resource's https endpoint (or an http:// loopback one).");
            }

            services.AddSingleton(new AcsEndpoint(baseUrl));
            services.AddCommsAzureCredential(configuration);
            services.TryAddTransient<AcsEntraAuthenticationHandler>();
            client.AddHttpMessageHandler<AcsEntraAuthenticationHandler>();
            return;
        }

        var connection = Parse(() => AcsConnectionString.Parse(connectionString ?? ""), "Comms:Acs:ConnectionString");
        services.AddSingleton(connection);
        services.AddSingleton(new AcsEndpoint(connection.Endpoint));
        services.TryAddTransient<AcsAuthenticationHandler>();

        // Added after the resilience handler, so it runs inside it: every attempt is signed afresh.
        client.AddHttpMessageHandler<AcsAuthenticationHandler>();
    }

    private static T Parse<T>(Func<T> parse, string key)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{key} is not valid: {e.Message}", e);
        }
    }
}
