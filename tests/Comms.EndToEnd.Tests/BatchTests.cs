using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;
using Comms.Testing.Fakes;
using Xunit.Abstractions;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// Bill runs on each host (README, Batches): a batch inline and one from an NDJSON blob, with invalid items and items
/// the provider refuses, reconciled to the last item; cancels; business keys across routes; a host killed while a
/// batch starts its items. ACS e-mail is the provider, so that delivery reports settle what was sent. Scaled down
/// (<see cref="Scenario.BatchItems"/>); <c>scripts/scenarios/run.sh batch</c> runs 2,000 items.
/// </summary>
public abstract class BatchTests(BatchTests.Fixture fixture, ITestOutputHelper output)
{
    private static TimeSpan Patience => Scenario.Patience;

    private CommsHost Host => fixture.Host;

    [HostFact]
    public async Task A_bill_run_inline_and_from_a_blob_sends_each_valid_item_once_and_reconciles()
    {
        var clock = Stopwatch.StartNew();
        var half = Scenario.BatchItems / 2;
        var inline = await RunAsync("inline", half, blob: false);
        var fromBlob = await RunAsync("blob", Scenario.BatchItems - half, blob: true);
        output.WriteLine($"{fixture.Kind}: {Scenario.BatchItems} items in two batches, complete in {clock.Elapsed.TotalSeconds:0.0} s ({inline}; {fromBlob}).");
    }

    private async Task<string> RunAsync(string name, int count, bool blob)
    {
        var batchId = $"{name}-{Guid.NewGuid():N}"[..30];
        var refused = new HashSet<int>();
        var lines = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var email = $"{batchId}-{i}@example.com";
            if (i % 100 == 13)
            {
                refused.Add(i);
                fixture.Acs.FailingAddresses[email] = "mailbox unavailable";
            }

            lines.Add(i % 100 == 7
                ? (blob ? "{ not json" : JsonSerializer.Serialize(new { itemKey = $"inv-{i}", accountId = "ACC-B", target = new { email = "not an address" } }))
                : JsonSerializer.Serialize(new { itemKey = $"inv-{i}", accountId = $"ACC-{i}", target = new { email }, data = new { invoiceNumber = $"INV-{i}", amountDue = i } }));
        }

        object body;
        if (blob)
        {
            var container = new BlobServiceClient(fixture.Azurite.ConnectionString).GetBlobContainerClient("comms-batches");
            await container.CreateIfNotExistsAsync();
            await container.UploadBlobAsync($"runs/{batchId}.ndjson", new BinaryData(string.Join("\n", lines) + "\n"));
            body = new { batchId, defaults = new { commsType = "InvoiceReady", channel = "email" }, itemsBlob = $"runs/{batchId}.ndjson" };
        }
        else
        {
            body = new { batchId, defaults = new { commsType = "InvoiceReady", channel = "email" }, items = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList() };
        }

        using (var submit = await Host.Http.PostAsJsonAsync("api/batches", body))
        {
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        }

        using (var again = await Host.Http.PostAsJsonAsync("api/batches", body))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        var invalid = (count + 92) / 100;
        var valid = count - invalid;

        // Every valid item sent or failed; then the delivery reports of ACS settle the sent ones.
        await WaitForBatchAsync(batchId, b => Count(b, "sent") + Count(b, "failed") == valid, "to send or fail every valid item");
        var reports = fixture.Acs.Emails.Where(e => e.To.StartsWith(batchId + "-", StringComparison.Ordinal) && !refused.Contains(Index(e.To))).ToList();
        foreach (var delivery in reports.Chunk(100))
        {
            // As Event Grid delivers: batches of events, each answered within the client's timeout.
            using var events = await Host.Http.PostAsync("api/events/acs", new StringContent("[" + string.Join(",", delivery.Select(e => AcsEventTests.EmailReport(e.OperationId, "Delivered"))) + "]", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        }

        var done = await WaitForBatchAsync(batchId, b => b.GetProperty("complete").GetBoolean(), "to be complete");

        // Each valid item sent exactly once; the invalid ones never.
        var sent = fixture.Acs.Emails.Where(e => e.To.StartsWith(batchId + "-", StringComparison.Ordinal)).GroupBy(e => e.To).ToList();
        Assert.Equal(valid, sent.Count);
        Assert.All(sent, g => Assert.Single(g));
        Assert.Equal((count, valid, invalid), (done.GetProperty("expected").GetInt32(), done.GetProperty("accepted").GetInt32(), done.GetProperty("invalid").GetInt32()));
        Assert.Equal((valid - refused.Count, refused.Count, valid), (Count(done, "delivered"), Count(done, "failed"), Count(done, "final")));

        // The counts equal a full scan of the items.
        var items = await ItemsAsync(batchId, null);
        Assert.Equal(count, items.Count);
        foreach (var status in new[] { "invalid", "received", "processing", "sent", "delivered", "failed" })
        {
            Assert.Equal(Count(done, status), items.Count(i => i.GetProperty("status").GetString() == status));
        }

        var listed = await ItemsAsync(batchId, "invalid");
        Assert.Equal(invalid, listed.Count);
        Assert.All(listed, i => Assert.True(i.GetProperty("line").GetInt32() % 100 == 8 && i.GetProperty("reason").GetString()!.Length > 0));
        Assert.All(await ItemsAsync(batchId, "failed"), i => Assert.Contains("mailbox unavailable", i.GetProperty("reason").GetString(), StringComparison.Ordinal));

        // The reconciliation report: one row per item, and the delivered ones with their documents once archived (a
        // delivery report may come before the archive step ends).
        var rows = await Eventually.Get(
            async () =>
            {
                using var csvRequest = new HttpRequestMessage(HttpMethod.Get, $"api/batches/{batchId}/items");
                csvRequest.Headers.Accept.ParseAdd("text/csv");
                using var csv = await Host.Http.SendAsync(csvRequest);
                Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
                var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                return lines.Count(r => r.Contains(",delivered,true,", StringComparison.Ordinal) && r.Contains("email.html", StringComparison.Ordinal)) == valid - refused.Count ? lines : null;
            },
            Patience,
            "every delivered item's documents in the report");
        Assert.Equal(count + 1, rows!.Length);

        // The completion callback, signed, once per batch id.
        var callback = await Eventually.Get(
            () => Task.FromResult(fixture.Callbacks.For("batch:" + batchId).FirstOrDefault(a => a.SignatureValid)),
            Patience,
            "the batch's completion callback");
        Assert.Equal($"batch-{batchId}-complete".ToLowerInvariant(), callback!.WebhookId);
        return $"{name}: {count} items, {invalid} invalid, {refused.Count} refused";
    }

    [HostFact]
    public async Task Bad_batches_get_clear_errors_and_a_bad_item_never_holds_up_the_others()
    {
        var stamp = Guid.NewGuid().ToString("N")[..10];
        var item = new { itemKey = "k1", accountId = "ACC-X", target = new { email = $"bad-{stamp}@example.com" }, data = new { invoiceNumber = "INV-1" } };
        async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpContent content)
        {
            using var response = await Host.Http.PostAsync("api/batches", content);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

        var unknownBlob = await PostAsync(Json(new { batchId = $"blob-{stamp}", defaults = new { commsType = "InvoiceReady", channel = "email" }, itemsBlob = "no/such.ndjson" }));
        Assert.Equal(HttpStatusCode.BadRequest, unknownBlob.Status);
        Assert.Contains("no/such.ndjson", unknownBlob.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Http.GetAsync($"api/batches/blob-{stamp}")).StatusCode);

        var tooMany = await PostAsync(Json(new { batchId = $"many-{stamp}", defaults = new { commsType = "InvoiceReady", channel = "email" }, items = Enumerable.Repeat(item, 5_001) }));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Contains("itemsBlob", tooMany.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(new StringContent(new string(' ', 5 * 1024 * 1024 + 1), Encoding.UTF8, "application/json"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(new StringContent("{\"batchId\":", Encoding.UTF8, "application/json"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(Json(new { batchId = "a:b", items = new[] { item } }))).Status);

        // Duplicate keys and an unknown comms type are listed with their lines; the valid item goes.
        var batchId = $"dup-{stamp}";
        var items = new object[]
        {
            item,
            new { itemKey = "k1", accountId = "ACC-Y", target = new { email = $"dup-{stamp}@example.com" } },
            new { itemKey = "k2", accountId = "ACC-Y", commsType = "NoSuchType", target = new { email = $"dup-{stamp}@example.com" } },
        };
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(Json(new { batchId, defaults = new { commsType = "InvoiceReady", channel = "email" }, items }))).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(Json(new { batchId, defaults = new { commsType = "InvoiceReady", channel = "sms" }, items }))).Status);
        await WaitForBatchAsync(batchId, b => Count(b, "sent") == 1, "to send its one valid item");
        var invalid = await ItemsAsync(batchId, "invalid");
        Assert.Equal([2, 3], invalid.Select(i => i.GetProperty("line").GetInt32()));
        Assert.Contains("line 1", invalid[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("NoSuchType", invalid[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Single(fixture.Acs.Emails, e => e.To == $"bad-{stamp}@example.com");

        Assert.Equal(HttpStatusCode.NotFound, (await Host.Http.GetAsync($"api/batches/none-{stamp}/items")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Host.Http.GetAsync($"api/batches/{batchId}/items?status=bogus")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Http.PostAsync($"api/cancellations/none-{stamp}", null)).StatusCode);
    }

    [HostFact]
    public async Task A_batch_on_the_workflow_events_queue_is_taken_as_one_posted()
    {
        var batchId = $"queued-{Guid.NewGuid():N}"[..30];
        var queue = new QueueServiceClient(fixture.Azurite.ConnectionString).GetQueueClient("workflow-events");
        await queue.CreateIfNotExistsAsync();
        var items = Enumerable.Range(0, 3).Select(i => new { itemKey = $"k{i}", accountId = "ACC-Q", target = new { email = $"{batchId}-{i}@example.com" } });
        var message = JsonSerializer.Serialize(new { batchId, defaults = new { commsType = "InvoiceReady", channel = "email" }, items });
        await queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(message)));
        await queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(message)));

        await WaitForBatchAsync(batchId, b => Count(b, "sent") == 3, "to send its items");
        Assert.Equal(3, fixture.Acs.Emails.Count(e => e.To.StartsWith(batchId + "-", StringComparison.Ordinal)));
    }

    [HostFact]
    public async Task A_cancel_before_the_send_sends_nothing_and_after_it_answers_409()
    {
        var stamp = Guid.NewGuid().ToString("N")[..10];
        var sendAt = DateTimeOffset.UtcNow.AddSeconds(8);
        var cancelled = $"cancel-{stamp}";
        var control = $"control-{stamp}";
        foreach (var id in new[] { cancelled, control })
        {
            using var submit = await Host.SubmitAsync(Request(id, sendAt, cancellationKey: id == cancelled ? $"invoice:{stamp}" : null));
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        }

        await Host.WaitForStatusAsync(cancelled, Patience, "scheduled");
        using (var cancel = await Host.Http.PostAsync($"api/cancellations/invoice:{stamp}", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            Assert.Equal(1, (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancelled").GetInt32());
        }

        Assert.Equal("cancelled", (await Host.GetCommsAsync(cancelled)).GetProperty("status").GetString());

        // Its send time comes: the orchestration wakes (processing in its history) and sends nothing, while the control is sent.
        await Host.WaitForViewAsync(cancelled, Patience, v => v.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("status").GetString() == "processing"), "to wake at its send time");
        await Host.WaitForStatusAsync(control, Patience, "sent");
        Assert.Equal("cancelled", (await Host.GetCommsAsync(cancelled)).GetProperty("status").GetString());
        Assert.DoesNotContain(fixture.Acs.Emails, e => e.To == $"{cancelled}@example.com");

        using var late = await Host.Http.PostAsync($"api/comms/{control}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var problem = await late.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((409, "sent"), (problem.GetProperty("status").GetInt32(), problem.GetProperty("currentStatus").GetString()));

        using var again = await Host.Http.PostAsync($"api/comms/{cancelled}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var unknown = await Host.Http.PostAsync($"api/comms/no-such-{stamp}/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var unknownBatch = await Host.Http.PostAsync($"api/batches/no-such-{stamp}/cancel", null);
        Assert.Equal(HttpStatusCode.NotFound, unknownBatch.StatusCode);
    }

    [HostFact]
    public async Task A_batch_cancelled_midway_sends_nothing_after_the_cancel_answered()
    {
        var batchId = $"midway-{Guid.NewGuid():N}"[..30];
        var count = 60;
        // Send times spread over half a minute (each item's own over the batch's default), so that the cancel lands midway.
        var start = DateTimeOffset.UtcNow.AddSeconds(3);
        var items = Enumerable.Range(0, count).Select(i => new
        {
            itemKey = $"k{i}", accountId = "ACC-M", sendAt = start.AddMilliseconds(500 * i), target = new { email = $"{batchId}-{i}@example.com" }, data = new { invoiceNumber = $"INV-{i}" },
        }).ToList();
        using (var submit = await Host.Http.PostAsJsonAsync("api/batches", new { batchId, defaults = new { commsType = "InvoiceReady", channel = "email", sendAt = start }, items }))
        {
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        }

        await WaitForBatchAsync(batchId, b => Count(b, "sent") + Count(b, "delivered") > 0, "to send a first item");
        using var cancel = await Host.Http.PostAsync($"api/batches/{batchId}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var answer = await cancel.Content.ReadFromJsonAsync<JsonElement>();
        var (cancelled, tooLate) = (answer.GetProperty("cancelled").GetInt32(), answer.GetProperty("tooLate").GetInt32());
        Assert.Equal(count, cancelled + tooLate);
        Assert.True(cancelled > 0, "the cancel came after every send");

        var sentItems = await WaitForBatchAsync(batchId, b => Count(b, "received") + Count(b, "scheduled") + Count(b, "processing") == 0, "to settle every item");
        Assert.Equal(count, Count(sentItems, "sent") + Count(sentItems, "cancelled"));
        Assert.Equal(cancelled, Count(sentItems, "cancelled"));
        Assert.Equal(tooLate, fixture.Acs.Emails.Count(e => e.To.StartsWith(batchId + "-", StringComparison.Ordinal)));
        output.WriteLine($"{fixture.Kind}: {count} items, {cancelled} cancelled, {tooLate} had gone when the cancel answered.");
    }

    [HostFact]
    public async Task One_business_key_through_HTTP_and_then_the_queue_is_one_message()
    {
        var stamp = Guid.NewGuid().ToString("N")[..10];
        var businessKey = $"invoice:INV-{stamp}:ready";
        var first = $"bk-{stamp}";
        using (var submit = await Host.SubmitAsync(Request(first, null, businessKey: businessKey, email: first)))
        {
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        }

        var queue = new QueueServiceClient(fixture.Azurite.ConnectionString).GetQueueClient("workflow-events");
        await queue.CreateIfNotExistsAsync();
        var message = JsonSerializer.Serialize(new
        {
            eventId = $"ev-{stamp}", eventType = "InvoiceReady", whenToCreate = "onCreate", accountId = "ACC-C", commsType = "InvoiceReady", channel = "email",
            target = new { email = $"{first}@example.com" }, data = new { invoiceNumber = $"INV-{first}", amountDue = 5 }, businessKey,
        });
        await queue.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(message)));
        await Eventually.True(async () => (await queue.PeekMessagesAsync(1)).Value.Length == 0, Patience, "the queue message to be handled");

        await Host.WaitForStatusAsync(first, Patience, "sent");
        using (var repeat = await Host.SubmitAsync(Request($"bk2-{stamp}", null, businessKey: businessKey, email: first)))
        {
            Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
            Assert.Equal(first, (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("requestId").GetString());
        }

        using (var different = await Host.SubmitAsync(Request($"bk3-{stamp}", null, businessKey: businessKey, email: first, amount: 6)))
        {
            Assert.Equal(HttpStatusCode.Conflict, different.StatusCode);
        }

        using var missing = await Host.Http.GetAsync($"api/comms/we-ev-{stamp}-oncreate");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Single(fixture.Acs.Emails, e => e.To == $"{first}@example.com");
    }

    [HostFact]
    public async Task A_host_killed_while_a_batch_starts_its_items_starts_none_twice_and_misses_none()
    {
        var batchId = $"killed-{Guid.NewGuid():N}"[..30];
        var count = 150;
        var items = Enumerable.Range(0, count).Select(i => new { itemKey = $"k{i}", accountId = "ACC-K", target = new { email = $"{batchId}-{i}@example.com" }, data = new { invoiceNumber = $"INV-{i}" } }).ToList();
        using (var submit = await Host.Http.PostAsJsonAsync("api/batches", new { batchId, defaults = new { commsType = "InvoiceReady", channel = "email" }, items }))
        {
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        }

        // Killed once the first item exists: the chunks are being started.
        await Eventually.True(async () => (await Host.Http.GetAsync($"api/comms/batch:{batchId}:k0")).IsSuccessStatusCode, Patience, "the first item to start");
        Host.Kill();
        await Host.StartAsync();

        await WaitForBatchAsync(batchId, b => Count(b, "sent") == count, "to send every item");
        var sent = fixture.Acs.Emails.Where(e => e.To.StartsWith(batchId + "-", StringComparison.Ordinal)).GroupBy(e => e.To).ToList();
        Assert.Equal(count, sent.Count);
        Assert.All(sent, g => Assert.Single(g));
    }

    /// <summary>A request for an e-mail to <c>{email or id}@example.com</c>: the same content for the same email and amount.</summary>
    private static object Request(string id, DateTimeOffset? sendAt, string? cancellationKey = null, string? businessKey = null, string? email = null, int amount = 5) => new
    {
        requestId = id, accountId = "ACC-C", commsType = "InvoiceReady", channel = "email", sendAt, cancellationKey, businessKey,
        target = new { email = $"{email ?? id}@example.com" },
        data = new { invoiceNumber = $"INV-{email ?? id}", amountDue = amount },
    };

    private async Task<JsonElement> WaitForBatchAsync(string batchId, Func<JsonElement, bool> done, string what)
    {
        var last = "(no answer)";
        try
        {
            return await Eventually.Get<JsonElement?>(
                async () =>
                {
                    using var response = await Host.Http.GetAsync($"api/batches/{batchId}");
                    last = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode)
                    {
                        return null;
                    }

                    var view = JsonDocument.Parse(last).RootElement.Clone();
                    return done(view) ? view : null;
                },
                Patience,
                $"batch {batchId} {what}") ?? default;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; last: {last}\n{Host.Tail()}", e);
        }
    }

    private async Task<List<JsonElement>> ItemsAsync(string batchId, string? status)
    {
        var all = new List<JsonElement>();
        string? token = null;
        do
        {
            var uri = $"api/batches/{batchId}/items?pageSize=50" + (status is null ? "" : $"&status={status}") + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await Host.Http.GetFromJsonAsync<JsonElement>(uri);
            all.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.Clone()));
            token = page.TryGetProperty("continuationToken", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }
        while (token is not null);
        return all;
    }

    private static int Count(JsonElement batch, string status) => batch.GetProperty("counts").GetProperty(status).GetInt32();

    private static int Index(string email) => int.Parse(email[(email.LastIndexOf('-') + 1)..email.IndexOf('@')], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One host per class, with its own Azurite, ACS and callback receiver.</summary>
    public abstract class Fixture(HostKind kind) : IAsyncLifetime
    {
        public HostKind Kind { get; } = kind;

        public Azurite Azurite { get; private set; } = null!;

        public FakeAcs Acs { get; } = new();

        public CallbackReceiver Callbacks { get; private set; } = null!;

        public CommsHost Host { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            if (Kind == HostKind.Functions && FunctionsApp.UnavailableReason is not null)
            {
                return;
            }

            Azurite = await Azurite.StartAsync();
            await Acs.StartAsync();
            Callbacks = await CallbackReceiver.StartAsync();
            var settings = CommsFixture.Settings(Azurite, await MailDev.SharedAsync(), "batch" + Guid.NewGuid().ToString("N")[..8], Callbacks.Url);
            settings["Comms__Email__Provider"] = "Acs";
            settings["Comms__Email__From"] = "billing@comms.test";
            settings["Comms__Acs__ConnectionString"] = Acs.ConnectionString;
            settings["Comms__Acs__EmailPollInterval"] = "00:00:00.200";
            settings["Comms__Batches__ChunkSize"] = "20";
            settings["Comms__Batches__Poll"] = "00:00:01";
            settings["Comms__Batches__MaxPoll"] = "00:00:02";
            Host = CommsHost.Create(Kind, settings);
            await Host.StartAsync();
        }

        public async Task DisposeAsync()
        {
            if (Host is not null)
            {
                await Host.DisposeAsync();
                await Callbacks.DisposeAsync();
                await Acs.DisposeAsync();
                await Azurite.DisposeAsync();
            }
        }
    }

    public sealed class ServerFixture() : Fixture(HostKind.Server);

    public sealed class FunctionsFixture() : Fixture(HostKind.Functions);

    public sealed class OnServer(ServerFixture fixture, ITestOutputHelper output) : BatchTests(fixture, output), IClassFixture<ServerFixture>;

    public sealed class OnFunctions(FunctionsFixture fixture, ITestOutputHelper output) : BatchTests(fixture, output), IClassFixture<FunctionsFixture>;
}
