using System.Net;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// Storage stopped under a running host: every route answers 503 with <c>Retry-After</c>, never 500 (the operator's
/// outage is not the caller's mistake). Each test has its own Azurite, which it stops.
/// </summary>
public abstract class StorageOutageTests(HostKind kind)
{
    [HostFact]
    public async Task With_storage_down_reads_and_submits_answer_503_with_retry_after()
    {
        var azurite = await Azurite.StartAsync();
        await using var host = CommsHost.Create(kind, CommsFixture.Settings(azurite, await MailDev.SharedAsync(), "outage" + Guid.NewGuid().ToString("N")[..8]));
        await host.StartAsync();
        var id = "outage-" + Guid.NewGuid().ToString("N");
        using (var submit = await host.SubmitAsync(new { requestId = id, accountId = "ACC-O", commsType = "InvoiceReady", channel = "online" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        }

        await azurite.DisposeAsync();

        // At once: each waits out the storage client's own retries before it gives up.
        var responses = await Task.WhenAll(
            host.Http.GetAsync($"api/comms/{id}"),
            host.Http.GetAsync("api/accounts/ACC-O/comms"),
            host.SubmitAsync(new { requestId = id + "-2", accountId = "ACC-O", commsType = "InvoiceReady", channel = "online" }));
        foreach (var response in responses)
        {
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n{host.Tail()}");
            Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
            response.Dispose();
        }
    }

    public sealed class OnServer() : StorageOutageTests(HostKind.Server);

    public sealed class OnFunctions() : StorageOutageTests(HostKind.Functions);
}
