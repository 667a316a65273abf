using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Comms.Infrastructure.Identity;

/// <summary>
/// The one Azure credential of the app: its user-assigned managed identity in Azure, the developer's login elsewhere.
/// Registered once as <see cref="TokenCredential"/> and as the default credential of every client added through
/// Microsoft.Extensions.Azure (<c>AddAzureClients</c>), so no client builds its own.
/// </summary>
public static class AzureCredentialServiceCollectionExtensions
{
    public static IServiceCollection AddCommsAzureCredential(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(_ => CreateCredential(configuration));
        services.AddAzureClients(clients => clients.UseCredential(sp => sp.GetRequiredService<TokenCredential>()));
        return services;
    }

    /// <summary>
    /// Read as the Functions host reads it for its own storage: <c>AzureWebJobsStorage__credential</c> =
    /// <c>managedidentity</c> with <c>AzureWebJobsStorage__clientId</c> selects that managed identity, so the host and
    /// the app authenticate as the same identity; anything else is <see cref="DefaultAzureCredential"/>.
    /// </summary>
    public static TokenCredential CreateCredential(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var clientId = configuration[AppSettingNames.StorageClientId] is { Length: > 0 } id ? id : null;
        return string.Equals(configuration[AppSettingNames.StorageCredential], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(clientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}
