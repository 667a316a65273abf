using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;

namespace Comms.EndToEnd.Tests;

public abstract class EmailPipelineTests(CommsFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private CommsHost Host => fixture.Host;

    [HostFact]
    public async Task An_email_request_travels_gather_render_send_store_and_is_archived_exactly_as_sent()
    {
        var id = "e2e-" + Guid.NewGuid().ToString("N");
        var email = $"{id}@example.com";

        using var response = await Host.SubmitAsync(new
        {
            requestId = id,
            accountId = "ACC-" + id,
            commsType = "InvoiceReady",
            channel = "email",
            target = new { name = "Ada Lovelace", email },
            data = new { invoiceNumber = "INV-4711", amountDue = 42.50, dueDate = "2026-12-01" },
            locale = "en-GB",
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, accepted.GetProperty("requestId").GetString());
        Assert.Equal("received", accepted.GetProperty("status").GetString());
        Assert.EndsWith($"/api/comms/{id}", response.Headers.Location?.ToString());

        await Host.WaitForStatusAsync(id, Patience, "sent");
        var view = await Host.WaitForDocumentsAsync(id, Patience);
        var message = Assert.Single(await Eventually.Get(async () => (await fixture.MailDev.MessagesToAsync(email)) is { Count: > 0 } m ? m : null, Patience, "the email"));
        Assert.Contains("INV-4711", message.Subject);
        Assert.Contains("INV-4711", message.Html);
        Assert.Contains("Ada Lovelace", message.Html);
        Assert.Contains("1 December 2026", message.Html);

        // The detail row holds the resolved target (shown masked to agents).
        Assert.Equal("a***@example.com".Replace("a***", id[..1] + "***", StringComparison.Ordinal), view.GetProperty("target").GetProperty("email").GetString());
        Assert.Equal(["received", "processing", "sent"], view.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));

        // The archive holds exactly the HTML the SMTP server received, listed on the request and downloadable.
        var documents = view.GetProperty("documents").EnumerateArray().ToList();
        var html = documents.Single(d => d.GetProperty("name").GetString() == "email.html");
        using var download = await Host.Http.GetAsync($"api/comms/{id}/documents/email.html");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.StartsWith("text/html", download.Content.Headers.ContentType?.ToString());
        var archived = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(html.GetProperty("length").GetInt64(), archived.Length);
        var received = MimeKit.MimeMessage.Load(new MemoryStream(await fixture.MailDev.SourceAsync(message.Id)));
        Assert.Equal(Encoding.UTF8.GetString(archived), received.HtmlBody);

        var archive = new BlobServiceClient(fixture.Azurite.ConnectionString).GetBlobContainerClient("comms-archive");
        var blob = await archive.GetBlobClient($"ACC-{id}/{id}/email.html").DownloadContentAsync();
        Assert.Equal(archived, blob.Value.Content.ToArray());
    }

    [HostFact]
    public async Task A_workflow_event_on_the_queue_sends_the_same_way()
    {
        var eventId = "WE-" + Guid.NewGuid().ToString("N");
        var email = $"{eventId.ToLowerInvariant()}@example.com";
        var json = JsonSerializer.Serialize(new
        {
            eventId,
            eventType = "PaymentOverdue",
            whenToCreate = "onCreate",
            accountId = "ACC-WE",
            commsType = "PaymentReminder",
            channel = "email",
            target = new { name = "Grace Hopper", email },
            data = new { invoiceNumber = "INV-77", amountDue = 10, dueDate = "2026-12-24" },
        });
        var queue = new QueueClient(fixture.Azurite.ConnectionString, "workflow-events");
        await queue.CreateIfNotExistsAsync();

        // Base64, as the Functions queue trigger expects; delivered twice, as a queue may.
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
        await queue.SendMessageAsync(base64);
        await queue.SendMessageAsync(base64);

        var requestId = $"we-{eventId}-oncreate".ToLowerInvariant();
        var view = await Host.WaitForStatusAsync(requestId, Patience, "sent");
        Assert.Equal("workflowEvent", view.GetProperty("source").GetString());
        var messages = await Eventually.Get(async () => (await fixture.MailDev.MessagesToAsync(email)) is { Count: > 0 } m ? m : null, Patience, "the email");
        Assert.Contains("INV-77", Assert.Single(messages).Html);
        await Eventually.True(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, Patience, "the queue to drain");
        Assert.Single(await fixture.MailDev.MessagesToAsync(email));
    }

    [HostFact]
    public async Task Raw_json_on_the_queue_is_accepted_too()
    {
        var eventId = "WE-RAW-" + Guid.NewGuid().ToString("N")[..8];
        var queue = new QueueClient(fixture.Azurite.ConnectionString, "workflow-events");
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(JsonSerializer.Serialize(new
        {
            eventId, whenToCreate = "onResolve", accountId = "ACC-RAW", commsType = "AccountClosed", channel = "online",
        }));

        var view = await Host.WaitForStatusAsync($"we-{eventId}-onresolve".ToLowerInvariant(), Patience, "delivered");
        Assert.Equal("online", view.GetProperty("channel").GetString());
    }

    [HostFact]
    public async Task A_duplicate_submit_sends_one_email_and_answers_with_the_existing_request()
    {
        var id = "dup-" + Guid.NewGuid().ToString("N");
        var body = new
        {
            requestId = id, accountId = "ACC-DUP", commsType = "InvoiceReady", channel = "email",
            target = new { email = $"{id}@example.com" }, data = new { invoiceNumber = "INV-D", amountDue = 1 },
        };

        using var first = await Host.SubmitAsync(body);
        using var second = await Host.SubmitAsync(body);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(id, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString());

        await Host.WaitForStatusAsync(id, Patience, "sent");
        using var third = await Host.SubmitAsync(body);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal("sent", (await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        using var conflict = await Host.SubmitAsync(new { requestId = id, accountId = "ACC-DUP", commsType = "InvoiceReady", channel = "sms" });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);

        Assert.Single(await fixture.MailDev.MessagesToAsync($"{id}@example.com"));
    }

    [HostFact]
    public async Task The_target_is_resolved_from_the_stored_profile()
    {
        var account = "ACC-P-" + Guid.NewGuid().ToString("N")[..10];
        var email = $"{account.ToLowerInvariant()}@example.com";
        using var put = await Host.Http.PutAsJsonAsync($"api/accounts/{account}/profile", new { name = "Katherine Johnson", email, locale = "en-US" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var profile = await Host.Http.GetFromJsonAsync<JsonElement>($"api/accounts/{account}/profile");
        Assert.Equal(email, profile.GetProperty("email").GetString());

        var id = "prof-" + Guid.NewGuid().ToString("N");
        using var submit = await Host.SubmitAsync(new { requestId = id, accountId = account, commsType = "PaymentReminder", channel = "email", data = new { invoiceNumber = "INV-P", amountDue = 1234.5 } });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);

        await Host.WaitForStatusAsync(id, Patience, "sent");
        var message = Assert.Single(await fixture.MailDev.MessagesToAsync(email));
        Assert.Contains("Katherine Johnson", message.Html);
        Assert.Contains("$1,234.50", WebUtility.HtmlDecode(message.Html));

        await Host.WaitForDocumentsAsync(id, Patience);
        var listing = await Host.Http.GetFromJsonAsync<JsonElement>($"api/accounts/{account}/comms");
        var item = Assert.Single(listing.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("requestId").GetString());
        Assert.NotEmpty(item.GetProperty("documents").EnumerateArray());
    }

    [HostFact]
    public async Task A_request_without_any_address_fails_with_the_reason()
    {
        var id = "noaddr-" + Guid.NewGuid().ToString("N");
        using var submit = await Host.SubmitAsync(new { requestId = id, accountId = "ACC-NOBODY-" + id[..12], commsType = "InvoiceReady", channel = "email" });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);

        var view = await Host.WaitForStatusAsync(id, Patience, "failed");
        Assert.Contains("email address", view.GetProperty("failureReason").GetString());
    }

    [HostFact]
    public async Task An_online_request_lands_in_the_accounts_inbox_and_reading_it_reports_read()
    {
        var account = "ACC-O-" + Guid.NewGuid().ToString("N")[..10];
        var id = "online-" + Guid.NewGuid().ToString("N");
        using var submit = await Host.SubmitAsync(new { requestId = id, accountId = account, commsType = "InvoiceReady", channel = "online", data = new { invoiceNumber = "INV-O", amountDue = 5 } });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);

        await Host.WaitForStatusAsync(id, Patience, "delivered");
        var inbox = await Host.Http.GetFromJsonAsync<JsonElement>($"api/accounts/{account}/notifications");
        var note = Assert.Single(inbox.GetProperty("items").EnumerateArray());
        Assert.Equal(id, note.GetProperty("requestId").GetString());
        Assert.Contains("INV-O", note.GetProperty("body").GetString() + note.GetProperty("title").GetString());

        using var read = await Host.Http.PostAsync($"api/accounts/{account}/notifications/{note.GetProperty("id").GetString()}/read", null);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var view = await Host.WaitForStatusAsync(id, Patience, "read");
        Assert.Equal(["received", "processing", "sent", "delivered", "read"], view.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
    }

    [HostFact]
    public async Task A_sandbox_channel_records_the_message_and_reports_delivered()
    {
        var id = "sms-" + Guid.NewGuid().ToString("N");
        using var submit = await Host.SubmitAsync(new { requestId = id, accountId = "ACC-S", commsType = "InvoiceReady", channel = "online", target = new { phone = "+447700900123" } });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        await Host.WaitForStatusAsync(id, Patience, "delivered");
    }

    [Collection(ServerCollection.Name)]
    public sealed class OnServer(CommsFixture.OnServer fixture) : EmailPipelineTests(fixture);

    [Collection(FunctionsCollection.Name)]
    public sealed class OnFunctions(CommsFixture.OnFunctions fixture) : EmailPipelineTests(fixture);
}
