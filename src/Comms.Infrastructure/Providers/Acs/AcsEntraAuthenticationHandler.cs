using System.Net.Http.Headers;
using Azure.Core;

namespace Comms.Infrastructure.Providers.Acs;

/// <summary>
/// Identity-based ACS (<c>Comms:Acs:Endpoint</c> without a connection string, as the deployment configures it): a
/// Microsoft Entra token of the app's credential for <c>https://communication.azure.com</c> on every attempt. The
/// credential caches the token until it is about to expire.
/// </summary>
public sealed class AcsEntraAuthenticationHandler(TokenCredential credential) : DelegatingHandler
{
    private static readonly TokenRequestContext Scope = new(["https://communication.azure.com//.default"]);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await credential.GetTokenAsync(Scope, cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        return await base.SendAsync(request, cancellationToken);
    }
}
