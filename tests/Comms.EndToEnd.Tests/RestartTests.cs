using System.Net;
using Comms.Testing;

namespace Comms.EndToEnd.Tests;

/// <summary>Comms.Server killed mid-run and started again on the same storage finishes the request, sending once.</summary>
public class RestartTests
{
    [Fact]
    public async Task A_server_killed_mid_run_and_restarted_finishes_the_request_without_a_second_email()
    {
        // Its own Azurite: every Comms.Server listens on workflow-events, and only CommsServerFixture's may take the shared one's messages.
        await using var azurite = await Azurite.StartAsync();
        var mailDev = await MailDev.SharedAsync();
        var settings = CommsServerFixture.Settings(azurite, mailDev, "restart" + Guid.NewGuid().ToString("N")[..8]);
        var id = "restart-" + Guid.NewGuid().ToString("N");
        var email = $"{id}@example.com";

        await using (var first = new CommsServerProcess(settings))
        {
            await first.StartAsync();

            // A send time a few seconds ahead parks the orchestration on a durable timer: the kill lands mid-run.
            using var submit = await first.SubmitAsync(new
            {
                requestId = id, accountId = "ACC-R", commsType = "InvoiceReady", channel = "email",
                target = new { email }, data = new { invoiceNumber = "INV-R", amountDue = 9 },
                sendAt = DateTimeOffset.UtcNow.AddSeconds(4),
            });
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
            await first.WaitForStatusAsync(id, TimeSpan.FromSeconds(30), "scheduled");
            first.Kill();
        }

        Assert.Empty(await mailDev.MessagesToAsync(email));

        await using var second = new CommsServerProcess(settings);
        await second.StartAsync();
        await second.WaitForStatusAsync(id, TimeSpan.FromSeconds(180), "sent");
        await second.WaitForDocumentsAsync(id, TimeSpan.FromSeconds(60));
        Assert.Single(await mailDev.MessagesToAsync(email));
    }
}
