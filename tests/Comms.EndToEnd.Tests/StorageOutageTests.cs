using System.Diagnostics;
using System.Net;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;
using Comms.Testing.Fakes;
using Xunit.Abstractions;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// Storage stopped under a running host: every route answers 503 with <c>Retry-After</c>, never 500 (the operator's
/// outage is not the caller's mistake). Each test has its own Azurite, which it stops.
/// </summary>
public abstract class StorageOutageTests(HostKind kind, ITestOutputHelper output)
{
    private static TimeSpan Outage => Scenario.StorageDown;

    private static int Requests => Scenario.StorageRequests;

    /// <summary>
    /// Storage stopped while requests are in flight, then started again with its data: 503s during the outage, and
    /// afterwards every request is sent, each exactly once, with no restart of the host.
    /// </summary>
    [HostFact]
    public async Task Requests_in_flight_through_a_storage_outage_are_each_sent_once_after_it_returns_with_no_restart_by_hand()
    {
        await using var azurite = await Azurite.StartAsync(persistent: true);
        await using var acs = new FakeAcs();
        await using var hubs = new FakeNotificationHubs();
        await using var crm = new WebhookReceiver();
        await Task.WhenAll(acs.StartAsync(), hubs.StartAsync(), crm.StartAsync());
        var settings = ProviderFixture.Settings(azurite, await MailDev.SharedAsync(), "storage" + Guid.NewGuid().ToString("N")[..8], acs, hubs, crm);
        settings["Comms__Retries__FirstInterval"] = "00:00:01";
        settings["Comms__Retries__MaxInterval"] = "00:00:05";
        await using var host = CommsHost.Create(kind, settings);
        await host.StartAsync();
        host.RestartWhenItExits();
        var ids = Enumerable.Range(0, Requests).Select(i => $"storage-{Guid.NewGuid():N}-{i}").ToList();
        foreach (var id in ids)
        {
            using var submit = await host.SubmitAsync(new
            {
                requestId = id, accountId = "ACC-ST", commsType = "InvoiceReady", channel = "email",
                target = new { email = $"{id}@example.com" }, data = new { invoiceNumber = "INV-ST", amountDue = 9 },
            });
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        }

        await Eventually.True(() => Task.FromResult(acs.Emails.Count > 0), TimeSpan.FromSeconds(120), "the first e-mail");
        await azurite.StopAsync();
        var sentBefore = acs.Emails.Count;
        try
        {
            using var during = await host.Http.GetAsync($"api/comms/{ids[0]}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        }
        catch (HttpRequestException) when (kind == HostKind.Functions)
        {
            // The Functions host shuts itself down when its queue listeners lose storage; Azure's front end answers
            // 503 while the platform restarts it (here the test restarts it: RestartWhenItExits).
        }

        // The outage itself: a length of time the scenario chooses, not a wait for something to happen.
        await Task.Delay(Outage);
        await azurite.RestartAsync();
        var clock = Stopwatch.StartNew();
        try
        {
            foreach (var id in ids)
            {
                await host.WaitForStatusAsync(id, Scenario.Patience + TimeSpan.FromMinutes(2), "sent", "delivered");
            }
        }
        catch (TimeoutException)
        {
            var asserts = host.Output.Split('\n').Where(l => l.Contains("assert failure", StringComparison.OrdinalIgnoreCase) || l.Contains("wedge", StringComparison.OrdinalIgnoreCase)).Take(20);
            output.WriteLine($"{kind}: not all sent; {acs.Emails.Count} e-mails. Durable assertions and recoveries in the host's log:\n{string.Join('\n', asserts)}");
            throw;
        }

        var recoveries = host.Output.Split('\n').Count(l => l.Contains("The durable sidecar restarted", StringComparison.Ordinal));
        output.WriteLine($"{kind}: {sentBefore} of {Requests} e-mails sent before storage stopped for {Outage.TotalSeconds:0} s; all sent {clock.Elapsed.TotalSeconds:0.0} s after it returned; host restarts by the platform: {host.Restarts}; durable sidecar restarts: {recoveries}.");
        foreach (var id in ids)
        {
            Assert.Single(acs.Emails, e => e.To == $"{id}@example.com");
        }

        Assert.Equal(Requests, acs.Emails.Count);
    }

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

    public sealed class OnServer(ITestOutputHelper output) : StorageOutageTests(HostKind.Server, output);

    public sealed class OnFunctions(ITestOutputHelper output) : StorageOutageTests(HostKind.Functions, output);
}
