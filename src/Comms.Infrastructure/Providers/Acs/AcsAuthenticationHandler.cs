using System.Net.Http.Headers;

namespace Comms.Infrastructure.Providers.Acs;

/// <summary>
/// Signs every request to ACS with <see cref="AcsRequestSigner"/>. It sits inside the retry handler, so each
/// attempt carries a fresh <c>x-ms-date</c> (the service refuses dates more than 15 minutes off).
/// </summary>
public sealed class AcsAuthenticationHandler(AcsConnectionString connection, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("An ACS request needs a URI.");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var hash = AcsRequestSigner.ContentHash(body);
        var date = AcsRequestSigner.FormatDate(time.GetUtcNow());

        request.Headers.Remove(AcsRequestSigner.DateHeader);
        request.Headers.Remove(AcsRequestSigner.ContentHashHeader);
        request.Headers.TryAddWithoutValidation(AcsRequestSigner.DateHeader, date);
        request.Headers.TryAddWithoutValidation(AcsRequestSigner.ContentHashHeader, hash);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(
            AcsRequestSigner.Authorization(connection.AccessKey, request.Method.Method, uri, date, hash));
        return await base.SendAsync(request, cancellationToken);
    }
}
