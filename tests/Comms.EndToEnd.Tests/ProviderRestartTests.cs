using System.Net;
using Comms.Testing;
using Comms.Testing.Fakes;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// Comms.Server killed right after ACS accepted an e-mail (the answer never reached it) and started again on the
/// same storage: the retried Send finds the claim without an outcome, asks ACS about the operation, and records it,
/// so the fake holds one e-mail and received one send.
/// </summary>
public class ProviderRestartTests
{
    [Fact]
    public async Task A_server_killed_after_acs_accepted_an_email_does_not_send_it_again()
    {
        // Its own storage, so that its servers take no workflow event meant for another test's server.
        await using var azurite = await Azurite.StartAsync();
        await using var acs = new FakeAcs();
        await using var hubs = new FakeNotificationHubs();
        await using var crm = new WebhookReceiver();
        await Task.WhenAll(acs.StartAsync(), hubs.StartAsync(), crm.StartAsync());
        var settings = ProviderServerFixture.Settings(azurite, await MailDev.SharedAsync(), "provrs" + Guid.NewGuid().ToString("N")[..8], acs, hubs, crm);
        var id = "provrs-" + Guid.NewGuid().ToString("N");

        acs.HoldAcceptedAnswers();
        await using (var first = new CommsServerProcess(settings))
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
        await using var second = new CommsServerProcess(settings);
        await second.StartAsync();
        var view = await second.WaitForStatusAsync(id, TimeSpan.FromSeconds(180), "sent");

        var email = Assert.Single(acs.Emails);
        Assert.Equal(1, acs.EmailPosts);
        Assert.Contains(email.OperationId, view.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("status").GetString() == "sent").GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
