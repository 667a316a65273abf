using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;
using Comms.Testing.Fakes;
using Xunit.Abstractions;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// A host killed with SIGKILL and started again on the same storage, on each host: every request finishes, each
/// message is sent once. Each test has its own Azurite, so that its hosts take no workflow event meant for another.
/// Nothing here depends on timing: a request is parked on something that cannot elapse while the test runs.
/// </summary>
public abstract class RestartTests(HostKind kind, ITestOutputHelper output)
{
    [HostFact]
    public async Task A_host_killed_mid_send_and_restarted_finishes_the_request_without_a_second_email()
    {
        await using var azurite = await Azurite.StartAsync();
        var mailDev = await MailDev.SharedAsync();
        using var silent = new SilentSmtp();
        var settings = CommsFixture.Settings(azurite, mailDev, "restart" + Guid.NewGuid().ToString("N")[..8]);
        var id = "restart-" + Guid.NewGuid().ToString("N");
        var email = $"{id}@example.com";

        // The first host's SMTP server accepts the connection and never answers: Send is parked mid-conversation when the kill lands.
        await using (var first = CommsHost.Create(kind, new Dictionary<string, string>(settings) { ["Comms__Smtp__Port"] = silent.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        {
            await first.StartAsync();
            using var submit = await first.SubmitAsync(new
            {
                requestId = id, accountId = "ACC-R", commsType = "InvoiceReady", channel = "email",
                target = new { email }, data = new { invoiceNumber = "INV-R", amountDue = 9 },
            });
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
            await Eventually.True(() => Task.FromResult(silent.Connections > 0), TimeSpan.FromSeconds(90), "Send to reach the SMTP server");
            first.Kill();
        }

        Assert.Empty(await mailDev.MessagesToAsync(email));

        await using var second = CommsHost.Create(kind, settings);
        await second.StartAsync();
        await second.WaitForStatusAsync(id, second.RecoveryPatience, "sent");
        await second.WaitForDocumentsAsync(id, TimeSpan.FromSeconds(60));
        Assert.Single(await mailDev.MessagesToAsync(email));
    }

    /// <summary>
    /// The crash of docs/performance.md, scaled down: 50 e-mails through ACS in flight, SIGKILL, restart. ACS e-mail
    /// can be asked about an earlier attempt (its Operation-Id), so each is sent exactly once whenever the kill lands.
    /// (SMTP cannot be asked: a kill between the server's acceptance and the ledger's record sends that one again,
    /// under the same Message-Id; README, Channels.)
    /// </summary>
    [HostFact]
    public async Task A_host_killed_in_the_middle_of_50_requests_sends_each_exactly_once_after_a_restart()
    {
        const int count = 50;
        await using var azurite = await Azurite.StartAsync();
        await using var acs = new FakeAcs();
        await using var hubs = new FakeNotificationHubs();
        await using var crm = new WebhookReceiver();
        await Task.WhenAll(acs.StartAsync(), hubs.StartAsync(), crm.StartAsync());
        var settings = ProviderFixture.Settings(azurite, await MailDev.SharedAsync(), "crash" + Guid.NewGuid().ToString("N")[..8], acs, hubs, crm);
        var run = Guid.NewGuid().ToString("N")[..12];
        var ids = Enumerable.Range(0, count).Select(i => $"crash-{run}-{i:00}").ToList();
        static string Email(string id) => $"{id}@example.com";

        int beforeKill;
        await using (var first = CommsHost.Create(kind, settings))
        {
            await first.StartAsync();
            var submits = await Task.WhenAll(ids.Select(id => first.SubmitAsync(new
            {
                requestId = id, accountId = "ACC-C", commsType = "InvoiceReady", channel = "email",
                target = new { email = Email(id) }, data = new { invoiceNumber = "INV-" + id, amountDue = 9 },
            })));
            Assert.All(submits, s => Assert.Equal(HttpStatusCode.Accepted, s.StatusCode));
            foreach (var s in submits)
            {
                s.Dispose();
            }

            await Eventually.True(() => Task.FromResult(acs.Emails.Count > 0), TimeSpan.FromSeconds(120), "the first e-mail");
            first.Kill();
            beforeKill = acs.Emails.Count;
        }

        var clock = Stopwatch.StartNew();
        await using var second = CommsHost.Create(kind, settings);
        await second.StartAsync();
        var started = clock.Elapsed;
        foreach (var id in ids)
        {
            await second.WaitForStatusAsync(id, second.RecoveryPatience, "sent", "delivered");
        }

        output.WriteLine($"{kind}: {beforeKill} of {count} e-mails accepted before the kill; healthy again after {started.TotalSeconds:0.0} s; all {count} sent {clock.Elapsed.TotalSeconds:0.0} s after the restart began.");
        var emails = acs.Emails;
        foreach (var id in ids)
        {
            Assert.Single(emails, e => e.To.Contains(Email(id), StringComparison.OrdinalIgnoreCase));
        }

        Assert.Equal(count, emails.Count);
    }

    /// <summary>
    /// Killed right after ACS accepted an e-mail (the answer never reached the host): the retried Send finds the claim
    /// without an outcome, asks ACS about the operation, and records it, so the fake holds one e-mail and received one send.
    /// </summary>
    [HostFact]
    public async Task A_host_killed_after_acs_accepted_an_email_does_not_send_it_again()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var acs = new FakeAcs();
        await using var hubs = new FakeNotificationHubs();
        await using var crm = new WebhookReceiver();
        await Task.WhenAll(acs.StartAsync(), hubs.StartAsync(), crm.StartAsync());
        var settings = ProviderFixture.Settings(azurite, await MailDev.SharedAsync(), "provrs" + Guid.NewGuid().ToString("N")[..8], acs, hubs, crm);
        var id = "provrs-" + Guid.NewGuid().ToString("N");

        acs.HoldAcceptedAnswers();
        await using (var first = CommsHost.Create(kind, settings))
        {
            await first.StartAsync();
            using var submit = await first.SubmitAsync(new
            {
                requestId = id, accountId = "ACC-RS", commsType = "InvoiceReady", channel = "email",
                target = new { email = "ada@example.com" }, data = new { invoiceNumber = "INV-RS", amountDue = 9 },
            });
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
            await Eventually.True(() => Task.FromResult(acs.Emails.Count == 1), TimeSpan.FromSeconds(90), "ACS to accept the e-mail");
            first.Kill();
        }

        acs.ReleaseAcceptedAnswers();
        await using var second = CommsHost.Create(kind, settings);
        await second.StartAsync();
        var view = await second.WaitForStatusAsync(id, second.RecoveryPatience, "sent");

        var email = Assert.Single(acs.Emails);
        Assert.Equal(1, acs.EmailPosts);
        Assert.Contains(email.OperationId, view.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("status").GetString() == "sent").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A submit that started the orchestration and crashed before answering, repeated while the request still shows
    /// <c>received</c> (the task hub had not run it yet): the repeat starts it again, which the host's durable client
    /// refuses as "already exists" (each host its own way, CommsIntake maps both). The repeat is answered 200 and the
    /// request is not run twice.
    /// </summary>
    [HostFact]
    public async Task A_repeat_of_a_request_still_received_starts_it_again_without_running_it_twice()
    {
        await using var azurite = await Azurite.StartAsync();
        var settings = CommsFixture.Settings(azurite, await MailDev.SharedAsync(), "again" + Guid.NewGuid().ToString("N")[..8]);
        await using var host = CommsHost.Create(kind, settings);
        await host.StartAsync();
        var id = "again-" + Guid.NewGuid().ToString("N");
        var body = new { requestId = id, accountId = "ACC-AG", commsType = "InvoiceReady", channel = "online", data = new { invoiceNumber = "INV-AG", amountDue = 3 } };
        using (var submit = await host.SubmitAsync(body))
        {
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        }

        await host.WaitForStatusAsync(id, TimeSpan.FromSeconds(90), "delivered");

        // As if the repeat came before the orchestration had moved the request (the header as the intake left it).
        var requests = new TableClient(azurite.ConnectionString, "CommsRequests");
        await foreach (var row in requests.QueryAsync<TableEntity>())
        {
            row["Status"] = "Received";
            await requests.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge);
        }

        using var repeat = await host.SubmitAsync(body);
        Assert.True(repeat.StatusCode == HttpStatusCode.OK, $"{(int)repeat.StatusCode} {await repeat.Content.ReadAsStringAsync()}\n{host.Tail()}");
        var view = await host.GetCommsAsync(id);
        Assert.Single(view.GetProperty("history").EnumerateArray(), h => h.GetProperty("status").GetString() == "sent");
        Assert.Single(view.GetProperty("history").EnumerateArray(), h => h.GetProperty("status").GetString() == "delivered");
    }

    public sealed class OnServer(ITestOutputHelper output) : RestartTests(HostKind.Server, output);

    public sealed class OnFunctions(ITestOutputHelper output) : RestartTests(HostKind.Functions, output);

    /// <summary>An SMTP server that accepts connections and never says a word.</summary>
    private sealed class SilentSmtp : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> clients = [];

        public SilentSmtp()
        {
            listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public int Connections
        {
            get { lock (clients) { return clients.Count; } }
        }

        public void Dispose()
        {
            listener.Stop();
            lock (clients)
            {
                clients.ForEach(c => c.Dispose());
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await listener.AcceptTcpClientAsync();
                    lock (clients)
                    {
                        clients.Add(client);
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
