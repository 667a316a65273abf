using System.Net.Mail;
using Comms.Core.Ports;
using Comms.Infrastructure.Channels;
using Comms.Infrastructure.Channels.Email;
using Comms.Infrastructure.Channels.Sms;
using Comms.Infrastructure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Comms.Infrastructure.Providers.Acs;

/// <summary>Azure Communication Services for SMS and e-mail: settings validated at startup, one signed HttpClient for both.</summary>
public static class AcsRegistration
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

        var connection = ProviderSettings.Parse(() => AcsConnectionString.Parse(connectionString ?? ""), "Comms:Acs:ConnectionString");
        services.AddSingleton(connection);
        services.AddSingleton(new AcsEndpoint(connection.Endpoint));
        services.TryAddTransient<AcsAuthenticationHandler>();

        // Added after the resilience handler, so it runs inside it: every attempt is signed afresh.
        client.AddHttpMessageHandler<AcsAuthenticationHandler>();
    }
}
