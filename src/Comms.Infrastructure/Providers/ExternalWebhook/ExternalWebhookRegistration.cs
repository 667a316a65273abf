using Comms.Core.Ports;
using Comms.Infrastructure.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Comms.Infrastructure.Providers.ExternalWebhook;

/// <summary>Push to external: Standard Webhooks to the systems of <c>Comms:External:Systems</c>.</summary>
public static class ExternalWebhookRegistration
{
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

            ProviderSettings.Parse(() => Core.Webhooks.StandardWebhook.DecodeSecret(system.Secret), $"{key}:Secret (whsec_BASE64)");
            systems[section.Key] = system;
        }

        services.AddProviderClient(ExternalWebhookSender.ClientName);
        services.AddSingleton<IMessageSender>(sp => new ExternalWebhookSender(
            sp.GetRequiredService<IHttpClientFactory>(), systems, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
