using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Comms.Core.Domain;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;
using static Comms.EndToEnd.Tests.StatusFixtures;

namespace Comms.EndToEnd.Tests;

/// <summary><c>POST /api/comms/{requestId}/status</c> through Comms.Server: Standard Webhooks, replay, lifecycle.</summary>
public abstract class StatusWebhookTests(CommsFixture fixture) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string PrintHouse = CommsFixture.PrintHouseSecrets[1];

    // No API key: the webhook is authenticated by its signature alone.
    private readonly HttpClient partner = new() { BaseAddress = fixture.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public void Dispose() => partner.Dispose();

    [HostFact]
    public async Task A_valid_report_moves_the_status_and_is_kept_with_its_partner_source_and_reference()
    {
        var id = await SeedRequestAsync(fixture.Azurite, CommsStatus.Sent);
        var at = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

        using var response = await partner.SendAsync(Signed(id, Report("delivered", "PH-991", at), PrintHouse));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("delivered", answer.GetProperty("status").GetString());
        Assert.True(answer.GetProperty("advanced").GetBoolean());
        Assert.False(answer.GetProperty("duplicate").GetBoolean());
        var view = await fixture.Host.GetCommsAsync(id);
        Assert.Equal("delivered", view.GetProperty("status").GetString());
        var row = Assert.Single(History(view, "partner:"));
        Assert.Equal("partner:printhouse", row.GetProperty("source").GetString());
        Assert.Equal("PH-991", row.GetProperty("reference").GetString());
        Assert.Equal(at, row.GetProperty("at").GetDateTimeOffset());
    }

    [HostFact]
    public async Task Each_of_two_rotated_secrets_is_accepted_and_the_partner_is_named_by_the_secret_that_matched()
    {
        var id = await SeedRequestAsync(fixture.Azurite, CommsStatus.Sent);

        using var old = await partner.SendAsync(Signed(id, Report("delivered"), CommsFixture.PrintHouseSecrets[0]));
        using var current = await partner.SendAsync(Signed(id, Report("read"), CommsFixture.PrintHouseSecrets[1]));
        using var crm = await partner.SendAsync(Signed(id, Report("read"), CommsFixture.CrmSecret));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { old.StatusCode, current.StatusCode, crm.StatusCode });
        var view = await fixture.Host.GetCommsAsync(id);
        Assert.Equal("read", view.GetProperty("status").GetString());
        Assert.Equal(
            ["partner:crm", "partner:printhouse", "partner:printhouse"],
            History(view, "partner:").Select(h => h.GetProperty("source").GetString()).Order());
    }

    public static TheoryData<string> Forgeries => new() { "tampered body", "wrong secret", "stale timestamp", "future timestamp", "no signature", "bad timestamp" };

    [HostTheory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_stale_report_gets_401_and_records_nothing(string forgery)
    {
        var id = await SeedRequestAsync(fixture.Azurite, CommsStatus.Sent);
        var json = Report("delivered");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = forgery switch
        {
            "tampered body" => Signed(id, json, PrintHouse, sentBody: json.Replace("delivered", "failed", StringComparison.Ordinal)),
            "wrong secret" => Signed(id, json, CommsFixture.NewSecret()),
            "stale timestamp" => Signed(id, json, PrintHouse, timestamp: now - 6 * 60),
            "future timestamp" => Signed(id, json, PrintHouse, timestamp: now + 6 * 60),
            "no signature" => Without(Signed(id, json, PrintHouse), "webhook-signature"),
            _ => WithTimestamp(Signed(id, json, PrintHouse), "soon"),
        };

        using var response = await partner.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var view = await fixture.Host.GetCommsAsync(id);
        Assert.Equal("sent", view.GetProperty("status").GetString());
        Assert.Empty(History(view, "partner:"));
    }

    [HostFact]
    public async Task A_replayed_webhook_id_is_answered_200_without_a_second_history_row_even_at_another_request()
    {
        var id = await SeedRequestAsync(fixture.Azurite, CommsStatus.Sent);
        var other = await SeedRequestAsync(fixture.Azurite, CommsStatus.Sent);
        var webhookId = "wh-" + Guid.NewGuid().ToString("N");
        var json = Report("delivered");

        using var first = await partner.SendAsync(Signed(id, json, PrintHouse, webhookId));
        using var replay = await partner.SendAsync(Signed(id, json, PrintHouse, webhookId));
        using var elsewhere = await partner.SendAsync(Signed(other, json, PrintHouse, webhookId));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.True((await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
        Assert.Single(History(await fixture.Host.GetCommsAsync(id), "partner:"));
        var untouched = await fixture.Host.GetCommsAsync(other);
        Assert.Equal("sent", untouched.GetProperty("status").GetString());
        Assert.Empty(History(untouched, "partner:"));
    }

    [HostFact]
    public async Task An_unknown_request_gets_404()
    {
        using var unknown = await partner.SendAsync(Signed("no-such-" + Guid.NewGuid().ToString("N"), Report("delivered"), PrintHouse));
        using var invalid = await partner.SendAsync(Signed("bad id with spaces", Report("delivered"), PrintHouse));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, invalid.StatusCode);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"status":"lost"}""", "status" },
        { """{"status":"received"}""", "status" },
        { """{"status":"Delivered"}""", "status" },
        { """{"occurredAt":"2026-11-26T10:00:00Z"}""", "status" },
        { """{"status":42}""", "status" },
        { """{"status":"delivered","occurredAt":"yesterday"}""", "occurredAt" },
        { """{"status":"delivered","occurredAt":"2999-01-01T00:00:00Z"}""", "occurredAt" },
        { "{\"status\":\"delivered\",\"externalReference\":\"" + new string('x', 201) + "\"}", "externalReference" },
        { """{"status":"delivered","reason":{"code":1}}""", "reason" },
        { """["delivered"]""", "$" },
        { """{"status":"delivered" """, "$" },
        { "", "$" },
    };

    [HostTheory]
    [MemberData(nameof(BadBodies))]
    public async Task An_unknown_status_or_a_malformed_body_gets_400_naming_the_field_and_records_nothing(string json, string field)
    {
        var id = await SeedRequestAsync(fixture.Azurite, CommsStatus.Sent);

        using var response = await partner.SendAsync(Signed(id, json, PrintHouse));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty(History(await fixture.Host.GetCommsAsync(id), "partner:"));
    }

    [HostFact]
    public async Task A_body_over_64_KB_gets_413_signed_or_not()
    {
        var id = await SeedRequestAsync(fixture.Azurite, CommsStatus.Sent);
        var json = JsonSerializer.Serialize(new { status = "delivered", reason = new string('x', 64 * 1024) });

        using var response = await partner.SendAsync(Signed(id, json, PrintHouse));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(History(await fixture.Host.GetCommsAsync(id), "partner:"));
    }

    [HostFact]
    public async Task Fifty_concurrent_reports_in_random_order_end_on_the_highest_rank_with_all_fifty_in_the_history()
    {
        var id = await SeedRequestAsync(fixture.Azurite, CommsStatus.Sent);
        var statuses = Enumerable.Range(0, 50).Select(i => CommsStatusRules.ExternalReports.Keys.ElementAt(i % 5)).ToArray();
        Random.Shared.Shuffle(statuses);

        var responses = await Task.WhenAll(statuses.Select(async (s, i) =>
        {
            using var response = await partner.SendAsync(Signed(id, Report(s, $"PH-{i}"), PrintHouse));
            return response.StatusCode;
        }));

        Assert.All(responses, s => Assert.Equal(HttpStatusCode.OK, s));
        var view = await fixture.Host.GetCommsAsync(id);
        Assert.Equal("read", view.GetProperty("status").GetString());
        var rows = History(view, "partner:");
        Assert.Equal(50, rows.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"PH-{i}").Order(), rows.Select(r => r.GetProperty("reference").GetString()!).Order());
    }

    [HostFact]
    public async Task Delivered_before_sent_ends_delivered_with_both_in_the_history()
    {
        var id = await SeedRequestAsync(fixture.Azurite, CommsStatus.Processing);

        using var delivered = await partner.SendAsync(Signed(id, Report("delivered"), PrintHouse));
        using var sent = await partner.SendAsync(Signed(id, Report("sent"), PrintHouse));

        Assert.False((await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("advanced").GetBoolean());
        var view = await fixture.Host.GetCommsAsync(id);
        Assert.Equal("delivered", view.GetProperty("status").GetString());
        Assert.Equal(["delivered", "sent"], History(view, "partner:").Select(h => h.GetProperty("status").GetString()).Order());
    }

    [HostFact]
    public async Task Failed_after_delivered_is_kept_in_the_history_but_does_not_undo_the_delivery()
    {
        var id = await SeedRequestAsync(fixture.Azurite, CommsStatus.Sent);

        using var delivered = await partner.SendAsync(Signed(id, Report("delivered"), PrintHouse));
        using var failed = await partner.SendAsync(Signed(id, Report("failed", reason: "returned to sender"), PrintHouse));

        Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        var view = await fixture.Host.GetCommsAsync(id);
        Assert.Equal("delivered", view.GetProperty("status").GetString());
        Assert.False(view.TryGetProperty("failureReason", out _));
        var late = Assert.Single(History(view, "partner:"), h => h.GetProperty("status").GetString() == "failed");
        Assert.Equal("returned to sender", late.GetProperty("detail").GetString());
    }

    [HostFact]
    public async Task A_failure_after_sent_wins_and_carries_its_reason()
    {
        var id = await SeedRequestAsync(fixture.Azurite, CommsStatus.Sent);

        using var failed = await partner.SendAsync(Signed(id, Report("undeliverable", reason: "address unknown"), PrintHouse));

        var view = await fixture.Host.GetCommsAsync(id);
        Assert.Equal("undeliverable", view.GetProperty("status").GetString());
        Assert.Equal("address unknown", view.GetProperty("failureReason").GetString());
    }

    [HostFact]
    public async Task End_to_end_a_partner_report_moves_a_sent_email_to_delivered_and_CMP_hears_of_each_change_once_signed()
    {
        var id = "e2e-status-" + Guid.NewGuid().ToString("N");
        using var submitted = await fixture.Host.SubmitAsync(new
        {
            requestId = id,
            accountId = "ACC-STATUS",
            commsType = "InvoiceReady",
            channel = "email",
            target = new { name = "Ada Lovelace", email = $"{id}@example.com" },
            data = new { invoiceNumber = "INV-1", amountDue = 1.5, dueDate = "2026-12-01" },
        });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        await fixture.Host.WaitForStatusAsync(id, Patience, "sent");
        await fixture.Host.WaitForDocumentsAsync(id, Patience);

        using var response = await partner.SendAsync(Signed(id, Report("delivered", "PH-1"), PrintHouse));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var view = await fixture.Host.WaitForStatusAsync(id, Patience, "delivered");
        Assert.Equal(["received", "processing", "sent", "delivered"], view.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()));
        var calls = await Eventually.Get(
            () => Task.FromResult(fixture.Callbacks.For(id) is { Count: >= 3 } c ? c : null), Patience, "three status callbacks");
        // Each change once; callbacks are delivered in parallel, so CMP orders them by their "at", not by arrival.
        Assert.Equal(["delivered", "processing", "sent"], calls.Select(c => c.Status).Order(StringComparer.Ordinal));
        Assert.All(calls, c => Assert.True(c.SignatureValid));
        Assert.Equal(3, calls.Select(c => c.WebhookId).Distinct().Count());

        // The waiting workflow heard the report too and ended on it, recording it under the same report id:
        // still one delivered row, and no further change for CMP.
        var instances = new TableClient(fixture.Azurite.ConnectionString, fixture.TaskHub + "Instances");
        var output = await Eventually.Get(
            async () => (await instances.GetEntityIfExistsAsync<TableEntity>(id, "")) is { HasValue: true } row && row.Value!.GetString("RuntimeStatus") == "Completed" ? row.Value.GetString("Output") : null,
            Patience,
            "the orchestration to complete");
        Assert.Contains("\"status\":\"delivered\"", output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3, fixture.Callbacks.For(id).Count);
        Assert.Single((await fixture.Host.GetCommsAsync(id)).GetProperty("history").EnumerateArray(), h => h.GetProperty("status").GetString() == "delivered");
    }

    private static HttpRequestMessage Without(HttpRequestMessage message, string header)
    {
        message.Headers.Remove(header);
        return message;
    }

    private static HttpRequestMessage WithTimestamp(HttpRequestMessage message, string timestamp)
    {
        message.Headers.Remove("webhook-timestamp");
        message.Headers.Add("webhook-timestamp", timestamp);
        return message;
    }

    [Collection(ServerCollection.Name)]
    public sealed class OnServer(CommsFixture.OnServer fixture) : StatusWebhookTests(fixture);

    [Collection(FunctionsCollection.Name)]
    public sealed class OnFunctions(CommsFixture.OnFunctions fixture) : StatusWebhookTests(fixture);
}
