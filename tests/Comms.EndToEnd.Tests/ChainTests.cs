using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// Fallback chains and several targets on a running host (README, Fallback chains and several targets): e-mail and SMS
/// through the fake ACS with its delivery reports, letters to the print drop; each step and each target a request of its own.
/// </summary>
public abstract class ChainTests(ProviderFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private CommsHost Host => fixture.Host;

    [HostFact]
    public async Task An_email_that_bounces_goes_to_sms_once_and_the_sms_delivered_ends_the_chain_delivered()
    {
        var (id, email, phone) = (NewId(), $"{Guid.NewGuid():N}@example.com", "+447700" + Random.Shared.Next(100000, 999999));
        await SubmitAsync(id, new { email, phone }, channels: new object[] { new { channel = "email", waitFor = "PT10M", until = "delivered" }, new { channel = "sms" } });

        var sent = await Eventually.Get(() => Task.FromResult(fixture.Acs.Emails.FirstOrDefault(e => e.To == email)), Patience, "the step 1 e-mail");
        await Host.WaitForStatusAsync(id + ":step-1", Patience, "sent");
        await PostEventsAsync(AcsEventTests.EmailReport(sent.OperationId, "Failed"));

        var sms = await Eventually.Get(() => Task.FromResult(fixture.Acs.Sms.FirstOrDefault(s => s.To == phone)), Patience, "the step 2 SMS");
        await Host.WaitForStatusAsync(id + ":step-2", Patience, "sent");
        await PostEventsAsync(AcsEventTests.SmsReport(null, sms.MessageId, "Delivered"));

        var view = await Host.WaitForStatusAsync(id, Patience, "delivered");
        Assert.Equal([(id + ":step-1", "email", "failed"), (id + ":step-2", "sms", "delivered")], Children(view));
        var last = view.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("delivered", id + ":step-2"), (last.GetProperty("status").GetString(), last.GetProperty("reference").GetString()));
        Assert.StartsWith("reached by step 2 of 2 (sms)", last.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(view.GetProperty("history").EnumerateArray(), h => h.TryGetProperty("detail", out var d) && d.GetString()!.Contains("step 1 ended failed", StringComparison.Ordinal));
        Assert.Single(fixture.Acs.Emails, e => e.To == email);
        Assert.Single(fixture.Acs.Sms, s => s.To == phone);

        var child = await Host.GetCommsAsync(id + ":step-2");
        Assert.Equal(id, child.GetProperty("parentId").GetString());
        Assert.True(child.GetProperty("archived").GetBoolean());
    }

    [HostFact]
    public async Task An_email_not_delivered_by_its_deadline_goes_to_a_letter_at_the_print_house_once()
    {
        var (id, email) = (NewId(), $"{Guid.NewGuid():N}@example.com");
        var address = new { lines = new[] { "1 High Street" }, city = "Bath", postcode = "BA1 1AA", country = "GB" };
        await SubmitAsync(id, new { name = "Ada Lovelace", email, postalAddress = address }, channels: new object[] { new { channel = "email", waitFor = "PT3S" }, new { channel = "letter" } });

        var view = await Host.WaitForStatusAsync(id, Patience, "sent");
        Assert.Equal([(id + ":step-1", "email", "sent"), (id + ":step-2", "letter", "sent")], Children(view));
        Assert.Contains("not delivered within 00:00:03", string.Join("|", view.GetProperty("history").EnumerateArray().Select(h => h.TryGetProperty("detail", out var d) ? d.GetString() : "")), StringComparison.Ordinal);
        Assert.Single(fixture.Acs.Emails, e => e.To == email);
        var letter = await Host.WaitForDocumentsAsync(id + ":step-2", Patience);
        Assert.Contains(letter.GetProperty("documents").EnumerateArray(), d => d.GetProperty("contentType").GetString() == "application/pdf");
    }

    [HostFact]
    public async Task Three_targets_get_three_messages_three_statuses_and_one_summary()
    {
        var id = NewId();
        var emails = Enumerable.Range(1, 3).Select(_ => $"{Guid.NewGuid():N}@example.com").ToList();
        await SubmitAsync(id, targets: emails.Select(e => new { email = e }).ToArray<object>());

        var sent = await Eventually.Get(
            () => Task.FromResult(emails.Select(e => fixture.Acs.Emails.FirstOrDefault(m => m.To == e)).ToList() is var found && found.All(f => f is not null) ? found : null),
            Patience,
            "three e-mails");
        foreach (var child in Enumerable.Range(1, 3))
        {
            await Host.WaitForStatusAsync($"{id}:target-{child}", Patience, "sent");
        }

        var processing = await Host.GetCommsAsync(id);
        Assert.Equal("processing", processing.GetProperty("status").GetString());
        await PostEventsAsync(AcsEventTests.EmailReport(sent[0]!.OperationId, "Delivered"), AcsEventTests.EmailReport(sent[1]!.OperationId, "Bounced"), AcsEventTests.EmailReport(sent[2]!.OperationId, "Delivered"));

        var view = await Host.WaitForStatusAsync(id, Patience, "delivered");
        Assert.Equal([(id + ":target-1", "email", "delivered"), (id + ":target-2", "email", "undeliverable"), (id + ":target-3", "email", "delivered")], Children(view));
        var summary = view.GetProperty("summary");
        Assert.Equal((2, 1, 3, true), (summary.GetProperty("byStatus").GetProperty("delivered").GetInt32(), summary.GetProperty("byStatus").GetProperty("undeliverable").GetInt32(),
            summary.GetProperty("total").GetInt32(), summary.GetProperty("final").GetBoolean()));
        Assert.Equal("3 targets: 1 undeliverable, 2 delivered", view.GetProperty("history").EnumerateArray().Last().GetProperty("detail").GetString());
        Assert.All(emails, e => Assert.Single(fixture.Acs.Emails, m => m.To == e));
    }

    /// <summary>
    /// The SMS step waits for quiet hours (the fixture's SMS window, in the account's zone where it is night now); at its
    /// deadline it is stopped before its send, and the e-mail step goes: no SMS is ever sent.
    /// </summary>
    [HostFact]
    public async Task A_step_still_waiting_for_quiet_hours_at_its_deadline_is_stopped_and_the_next_step_goes()
    {
        var (id, email, phone) = (NewId(), $"{Guid.NewGuid():N}@example.com", "+447700" + Random.Shared.Next(100000, 999999));
        var window = new Comms.Core.Pacing.SendWindow { Start = new TimeOnly(8, 0), End = new TimeOnly(21, 0) };
        var zone = Enumerable.Range(-12, 27).Select(h => $"Etc/GMT{(h <= 0 ? "+" : "-")}{Math.Abs(h)}")
            .First(z => Comms.Core.Pacing.QuietHours.NextOpening(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(z), window) > DateTimeOffset.UtcNow.AddMinutes(10));
        using (var profile = await Host.Http.PutAsJsonAsync($"api/accounts/ACC-{id}/profile", new { timeZone = zone }))
        {
            Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        }

        await SubmitAsync(id, new { email, phone }, channels: new object[] { new { channel = "sms", waitFor = "PT3S", until = "sent" }, new { channel = "email" } });

        await Host.WaitForStatusAsync(id + ":step-2", Patience, "sent");
        var stopped = await Host.WaitForStatusAsync(id + ":step-1", Patience, "cancelled");
        Assert.Equal("quietHours", stopped.GetProperty("waitingFor").GetString());
        Assert.Single(fixture.Acs.Emails, e => e.To == email);
        Assert.DoesNotContain(fixture.Acs.Sms, s => s.To == phone);
    }

    [HostFact]
    public async Task Cancelling_a_chain_stops_its_next_step_and_the_sent_step_stays_sent()
    {
        var (id, email, phone) = (NewId(), $"{Guid.NewGuid():N}@example.com", "+447700" + Random.Shared.Next(100000, 999999));
        await SubmitAsync(id, new { email, phone }, channels: new object[] { new { channel = "email", waitFor = "PT10M" }, new { channel = "sms" } });
        var sent = await Eventually.Get(() => Task.FromResult(fixture.Acs.Emails.FirstOrDefault(e => e.To == email)), Patience, "the step 1 e-mail");
        await Host.WaitForStatusAsync(id + ":step-1", Patience, "sent");

        using (var cancel = await Host.Http.PostAsync($"api/comms/{id}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        // The e-mail then bounces: the chain would go to SMS, but it was cancelled.
        await PostEventsAsync(AcsEventTests.EmailReport(sent.OperationId, "Failed"));
        await Host.WaitForStatusAsync(id + ":step-1", Patience, "failed");
        var view = await Host.WaitForStatusAsync(id, Patience, "cancelled");
        var step2 = await Host.WaitForStatusAsync(id + ":step-2", Patience, "cancelled");
        Assert.Equal(id, step2.GetProperty("parentId").GetString());
        Assert.Equal("cancelled", view.GetProperty("status").GetString());
        Assert.DoesNotContain(fixture.Acs.Sms, s => s.To == phone);
    }

    [HostFact]
    public async Task Bad_chains_and_targets_are_refused_naming_the_field_and_nothing_is_written()
    {
        foreach (var (body, field) in new (object, string)[]
        {
            (Body(NewId(), channels: new object[] { new { channel = "email", waitFor = "P1D" }, new { channel = "email" } }), "channels[1].channel"),
            (Body(NewId(), channels: new object[] { new { channel = "email", waitFor = "P1D" }, new { channel = "sms", waitFor = "P1D" } }), "channels[1]"),
            (Body(NewId(), channels: new object[] { new { channel = "email", waitFor = "soon" }, new { channel = "sms" } }), "channels[0].waitFor"),
            (Body(NewId(), targets: new object[] { new { email = "nope" } }), "targets[0].email"),
        })
        {
            using var response = await Host.SubmitAsync(body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }
    }

    private static string NewId() => "chain-" + Guid.NewGuid().ToString("N");

    private static List<(string, string?, string?)> Children(JsonElement view) =>
        [.. view.GetProperty("children").EnumerateArray().Select(c => (c.GetProperty("requestId").GetString()!, c.GetProperty("channel").GetString(), c.GetProperty("status").GetString()))];

    private async Task PostEventsAsync(params string[] events)
    {
        using var response = await Host.Http.PostAsync("api/events/acs", new StringContent("[" + string.Join(",", events) + "]", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task SubmitAsync(string id, object? target = null, object[]? channels = null, object[]? targets = null)
    {
        using var response = await Host.SubmitAsync(Body(id, target, channels, targets));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static Dictionary<string, object> Body(string id, object? target = null, object[]? channels = null, object[]? targets = null)
    {
        var body = new Dictionary<string, object>
        {
            ["requestId"] = id,
            ["accountId"] = "ACC-" + id,
            ["commsType"] = "InvoiceReady",
            ["data"] = new { invoiceNumber = "INV-" + id, amountDue = 42.50, dueDate = "2026-12-01" },
        };
        if (target is not null)
        {
            body["target"] = target;
        }

        if (channels is not null)
        {
            body["channels"] = channels;
        }
        else
        {
            body["channel"] = "email";
        }

        if (targets is not null)
        {
            body["targets"] = targets;
        }

        return body;
    }

    [Collection(ProviderServerCollection.Name)]
    public sealed class OnServer(ProviderFixture.OnServer fixture) : ChainTests(fixture);

    [Collection(ProviderFunctionsCollection.Name)]
    public sealed class OnFunctions(ProviderFixture.OnFunctions fixture) : ChainTests(fixture);
}
