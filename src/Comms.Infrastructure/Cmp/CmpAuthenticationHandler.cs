using System.Net.Http.Headers;
using Azure.Core;

namespace Comms.Infrastructure.Cmp;

/// <summary>
/// Authenticates every attempt to CMP: the key header of <c>Comms:Cmp:ApiKeyHeader</c> and <c>ApiKey</c>, exactly as
/// configured, or a Bearer token of the app's credential for <c>Comms:Cmp:Scope</c> (the credential caches it until
/// it is about to expire). Neither for an open endpoint.
/// </summary>
internal sealed class CmpAuthenticationHandler(CmpOptions options, TokenCredential? credential) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.IsNullOrWhiteSpace(options.ApiKeyHeader))
        {
            request.Headers.Remove(options.ApiKeyHeader);
            request.Headers.TryAddWithoutValidation(options.ApiKeyHeader, options.ApiKey);
        }
        else if (!string.IsNullOrWhiteSpace(options.Scope) && credential is not null)
        {
            var token = await credential.GetTokenAsync(new TokenRequestContext([options.Scope]), cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
