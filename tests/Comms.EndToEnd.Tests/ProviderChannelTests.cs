using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;

namespace Comms.EndToEnd.Tests;

/// <summary>One request per channel through Comms.Server, sent over the provider's real protocol to its fake.</summary>
public abstract class ProviderChannelTests(ProviderFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private CommsHost Host => fixture.Host;

    [HostFact]
    public async Task An_sms_is_sent_through_acs_once_with_the_rendered_text()
    {
        var (id, view) = await SendAsync("sms", new { name = "Ada Lovelace", phone = "+447700900" + Random.Shared.Next(100, 999) });

        var sms = Assert.Single(fixture.Acs.Sms, s => s.Message.Contains($"INV-{id}", StringComparison.Ordinal));
        Assert.Equal($"Hi Ada Lovelace, your invoice INV-{id} for £42.50 is ready. Please pay it by 1 December 2026.", sms.Message);
        Assert.True(sms.DeliveryReport);
        await AssertProviderMessageRecordedAsync(id, view, "acs-sms", sms.MessageId);
    }

    [HostFact]
    public async Task A_cy_GB_customer_gets_the_welsh_sms_and_an_en_GB_customer_the_english_one()
    {
        var welshPhone = "+447700" + Random.Shared.Next(100000, 999999);
        var englishPhone = "+447700" + Random.Shared.Next(100000, 999999);
        foreach (var (phone, locale) in new[] { (welshPhone, "cy-GB"), (englishPhone, "en-GB") })
        {
            var id = "prov-" + Guid.NewGuid().ToString("N");
            var body = new
            {
                requestId = id, accountId = "ACC-" + id, commsType = "InvoiceReady", channel = "sms", target = new { name = "Ada", phone },
                data = new { invoiceNumber = "INV-7", amountDue = 42.50, dueDate = "2026-12-01" }, locale,
            };
            using var response = await Host.SubmitAsync(body);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Host.WaitForStatusAsync(id, Patience, "sent");
        }

        Assert.Equal("Helo Ada, mae eich anfoneb INV-7 am £42.50 yn barod. Talwch hi erbyn 1 Rhagfyr 2026.", Assert.Single(fixture.Acs.Sms, s => s.To == welshPhone).Message);
        Assert.Equal("Hi Ada, your invoice INV-7 for £42.50 is ready. Please pay it by 1 December 2026.", Assert.Single(fixture.Acs.Sms, s => s.To == englishPhone).Message);
    }

    [HostFact]
    public async Task An_email_is_sent_through_acs_once_with_the_rendered_content()
    {
        var (id, view) = await SendAsync("email", new { name = "Ada Lovelace", email = $"{Guid.NewGuid():N}@example.com" });

        var email = Assert.Single(fixture.Acs.Emails, e => e.Subject.Contains($"INV-{id}", StringComparison.Ordinal));
        Assert.Equal($"Your invoice INV-{id} is ready", email.Subject);
        Assert.Contains("Ada Lovelace", email.Html, StringComparison.Ordinal);
        Assert.Contains($"INV-{id}", email.PlainText, StringComparison.Ordinal);
        await AssertProviderMessageRecordedAsync(id, view, "acs-email", email.OperationId);
    }

    [HostFact]
    public async Task A_push_is_sent_through_notification_hubs_once_to_the_installation()
    {
        var installation = "device-" + Guid.NewGuid().ToString("N");
        var (id, view) = await SendAsync("pushToHandset", new { installationId = installation });

        var push = Assert.Single(fixture.NotificationHubs.Pushes, p => p.Tags == $"$InstallationId:{{{installation}}}");
        Assert.Equal($"Invoice INV-{id} is ready", push.Properties["title"]);
        Assert.Equal("£42.50 due by 1 December 2026.", push.Properties["body"]);
        await AssertProviderMessageRecordedAsync(id, view, "notificationHubs", push.TrackingId);
    }

    [HostFact]
    public async Task A_push_to_external_is_posted_once_to_the_configured_system_signed()
    {
        var (id, view) = await SendAsync("pushToExternal", new { externalSystem = "crm" });

        var hook = Assert.Single(fixture.Crm.Received, h => h.Id.StartsWith(id + ":", StringComparison.Ordinal));
        using var payload = JsonDocument.Parse(hook.Body);
        Assert.Equal("InvoiceReady", payload.RootElement.GetProperty("type").GetString());
        Assert.Equal($"INV-{id}", payload.RootElement.GetProperty("invoiceNumber").GetString());
        Assert.Equal(42.50m, payload.RootElement.GetProperty("amountDue").GetDecimal());
        await AssertProviderMessageRecordedAsync(id, view, "external", "crm:" + hook.Id);
    }

    [HostFact]
    public async Task The_acs_delivery_reports_of_a_real_send_move_the_request_to_delivered_and_undeliverable()
    {
        var (smsId, _) = await SendAsync("sms", new { phone = "+447700900" + Random.Shared.Next(100, 999) });
        var (emailId, _) = await SendAsync("email", new { email = $"{Guid.NewGuid():N}@example.com" });
        var sms = Assert.Single(fixture.Acs.Sms, s => s.Message.Contains($"INV-{smsId}", StringComparison.Ordinal));
        var email = Assert.Single(fixture.Acs.Emails, e => e.Subject.Contains($"INV-{emailId}", StringComparison.Ordinal));

        // What Event Grid posts once ACS knows: the message ids the senders recorded find their requests.
        var batch = $"[{AcsEventTests.SmsReport(null, sms.MessageId, "Delivered")},{AcsEventTests.EmailReport(email.OperationId, "Bounced")}]";
        using var response = await Host.Http.PostAsync("api/events/acs", new StringContent(batch, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var delivered = await Host.WaitForStatusAsync(smsId, Patience, "delivered");
        Assert.Contains(delivered.GetProperty("history").EnumerateArray(), h => h.GetProperty("source").GetString() == "acs" && h.GetProperty("status").GetString() == "delivered");
        await Host.WaitForStatusAsync(emailId, Patience, "undeliverable");
    }

    [HostFact]
    public async Task A_target_naming_a_url_is_refused_at_intake()
    {
        var id = "prov-" + Guid.NewGuid().ToString("N");
        using var response = await Host.SubmitAsync(Body(id, "pushToExternal", new { externalSystem = "http://127.0.0.1:1/x" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var notFound = await Host.Http.GetAsync($"api/comms/{id}");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
    }

    [HostFact]
    public async Task A_target_naming_an_unconfigured_system_fails_without_a_call()
    {
        var before = fixture.Crm.Requests;
        var id = "prov-" + Guid.NewGuid().ToString("N");
        using var response = await Host.SubmitAsync(Body(id, "pushToExternal", new { externalSystem = "erp" }));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var view = await Host.WaitForStatusAsync(id, Patience, "failed");

        Assert.Contains("configured", view.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, fixture.Crm.Requests);
    }

    private async Task<(string Id, JsonElement View)> SendAsync(string channel, object target)
    {
        var id = "prov-" + Guid.NewGuid().ToString("N");
        using var response = await Host.SubmitAsync(Body(id, channel, target));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Host.WaitForStatusAsync(id, Patience, "sent", "failed");
        var view = await Host.WaitForDocumentsAsync(id, Patience);
        Assert.Equal("sent", view.GetProperty("status").GetString());
        return (id, view);
    }

    private static object Body(string id, string channel, object target) => new
    {
        requestId = id,
        accountId = "ACC-" + id,
        commsType = "InvoiceReady",
        channel,
        target,
        data = new { invoiceNumber = $"INV-{id}", amountDue = 42.50, dueDate = "2026-12-01" },
        locale = "en-GB",
    };

    /// <summary>The sent history row names the provider's message id, and CommsProviderMessages maps it back to the request.</summary>
    private async Task AssertProviderMessageRecordedAsync(string id, JsonElement view, string provider, string providerMessageId)
    {
        var sent = view.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("status").GetString() == "sent");
        Assert.Equal($"{provider}: {providerMessageId}", sent.GetProperty("detail").GetString());

        var map = new TableClient(fixture.Azurite.ConnectionString, "CommsProviderMessages");
        var rows = await Eventually.Get(
            async () =>
            {
                var found = new List<TableEntity>();
                await foreach (var row in map.QueryAsync<TableEntity>(e => e.PartitionKey == provider))
                {
                    if (row.GetString("ProviderMessageId") == providerMessageId)
                    {
                        found.Add(row);
                    }
                }

                return found.Count > 0 ? found : null;
            },
            Patience,
            "the provider message row");
        Assert.Equal(id, Assert.Single(rows).GetString("RequestId"));
    }

    [Collection(ProviderServerCollection.Name)]
    public sealed class OnServer(ProviderFixture.OnServer fixture) : ProviderChannelTests(fixture);

    [Collection(ProviderFunctionsCollection.Name)]
    public sealed class OnFunctions(ProviderFixture.OnFunctions fixture) : ProviderChannelTests(fixture);
}
