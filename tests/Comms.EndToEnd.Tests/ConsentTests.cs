using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// The customer's rules on a running host (README, Consent and preferences): an SMS STOP reply through ACS's Event Grid
/// event, RFC 8058 one-click unsubscribe, a bounce marking the address invalid, and the preferences API.
/// </summary>
public abstract class ConsentTests(ProviderFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private CommsHost Host => fixture.Host;

    [HostFact]
    public async Task A_stop_reply_suppresses_the_next_sms_a_mandatory_letter_still_goes_and_start_opens_the_number_again()
    {
        var account = "ACC-" + Guid.NewGuid().ToString("N");
        var phone = "+447700" + Random.Shared.Next(100000, 999999);
        await SendAsync(account, "PaymentReminder", "sms", new { phone }, "sent");

        using (var stop = await PostEventsAsync(SmsReceived(phone, "Stop")))
        {
            Assert.Equal(1, (await stop.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recorded").GetInt32());
        }

        var suppressed = await SendAsync(account, "PaymentReminder", "sms", new { phone }, "suppressed");
        Assert.Contains($"sms:{phone} replied STOP", suppressed.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.Contains(suppressed.GetProperty("history").EnumerateArray(), h => h.GetProperty("status").GetString() == "suppressed");
        Assert.Single(fixture.Acs.Sms, s => s.To == phone);

        var letter = await SendAsync(account, "FinalDemand", "letter", new { name = "Ada Lovelace", postalAddress = new { lines = new[] { "1 High Street" }, city = "Bath", postcode = "BA1 1AA", country = "GB" } }, "sent", "delivered");
        Assert.NotEqual("suppressed", letter.GetProperty("status").GetString());

        using var preferences = await Host.Http.GetAsync($"api/accounts/{account}/preferences");
        var history = (await preferences.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("history");
        var entry = Assert.Single(history.EnumerateArray());
        Assert.Equal(("sms", false, "smsReply", phone, "STOP"), (entry.GetProperty("channel").GetString(), entry.GetProperty("optedIn").GetBoolean(),
            entry.GetProperty("evidence").GetProperty("method").GetString(), entry.GetProperty("evidence").GetProperty("by").GetString(), entry.GetProperty("evidence").GetProperty("detail").GetString()));

        using (await PostEventsAsync(SmsReceived(phone, "START")))
        {
        }

        await SendAsync(account, "PaymentReminder", "sms", new { phone }, "sent");
        Assert.Equal(2, fixture.Acs.Sms.Count(s => s.To == phone));
    }

    [HostFact]
    public async Task A_stop_from_a_number_never_written_to_changes_nothing_and_is_kept_with_the_reason()
    {
        var phone = "+447700" + Random.Shared.Next(100000, 999999);
        using var response = await PostEventsAsync(SmsReceived(phone, "STOP"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kept").GetInt32());
        await Eventually.True(
            async () =>
            {
                using var rejected = await Host.Http.GetAsync("api/rejected?pageSize=100");
                var items = (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray();
                return items.Any(r => r.GetProperty("reason").GetString() == $"STOP from {phone}, a number Comms never wrote to; nothing changed.");
            },
            Patience,
            "the rejected reply");
    }

    [HostFact]
    public async Task One_click_unsubscribe_stops_that_category_by_email_and_a_mandatory_email_still_goes_without_the_header()
    {
        var account = "ACC-" + Guid.NewGuid().ToString("N");
        var email = $"{Guid.NewGuid():N}@example.com";
        var (first, sent) = await SendEmailAsync(account, "InvoiceReady", email);
        Assert.Equal("List-Unsubscribe=One-Click", sent.Headers!["List-Unsubscribe-Post"]);
        var link = sent.Headers["List-Unsubscribe"];
        Assert.StartsWith("<https://comms.example.test/api/unsubscribe/", link, StringComparison.Ordinal);
        var path = link[("<https://comms.example.test/".Length)..^1];

        // A GET (a mail scanner, a browser) only shows the button; the one-click POST records the opt-out.
        using (var page = await Anonymous().GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        Assert.Empty((await PreferencesAsync(account)).GetProperty("preferences").EnumerateArray());
        using (var tampered = await Anonymous().PostAsync(path[..^3] + "AAA", OneClick()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        }

        using (var unsubscribe = await Anonymous().PostAsync(path, OneClick()))
        {
            Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
        }

        var preference = Assert.Single((await PreferencesAsync(account)).GetProperty("preferences").EnumerateArray());
        Assert.Equal(("billing", "email", false, "unsubscribeLink"), (preference.GetProperty("category").GetString(), preference.GetProperty("channel").GetString(),
            preference.GetProperty("optedIn").GetBoolean(), preference.GetProperty("evidence").GetProperty("method").GetString()));

        var suppressed = await SendAsync(account, "InvoiceReady", "email", new { email }, "suppressed");
        Assert.Contains("opted out of billing on email", suppressed.GetProperty("failureReason").GetString(), StringComparison.Ordinal);

        var (_, demand) = await SendEmailAsync(account, "FinalDemand", email);
        Assert.False(demand.Headers!.ContainsKey("List-Unsubscribe"));
        Assert.Equal(2, fixture.Acs.Emails.Count(e => e.To == email));
        Assert.NotNull(first);
    }

    [HostFact]
    public async Task A_bounce_marks_the_address_invalid_and_even_a_mandatory_email_is_suppressed_there()
    {
        var account = "ACC-" + Guid.NewGuid().ToString("N");
        var email = $"{Guid.NewGuid():N}@example.com";
        var (id, sent) = await SendEmailAsync(account, "InvoiceReady", email);
        using (await PostEventsAsync(AcsEventTests.EmailReport(sent.OperationId, "Bounced")))
        {
        }

        await Host.WaitForStatusAsync(id, Patience, "undeliverable");
        var view = await SendAsync(account, "FinalDemand", "email", new { email }, "suppressed");
        Assert.Contains($"email:{email} is known to be invalid", view.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.Single(fixture.Acs.Emails, e => e.To == email);
    }

    /// <summary>
    /// The fixture's SMS window is 08:00–21:00 in the account's zone. The account's zone is one where it is night now, so
    /// the request waits for 08:00 there (the exact instant, on the days clocks change, is the unit tests' QuietHoursTests).
    /// </summary>
    [HostFact]
    public async Task An_sms_outside_the_recipients_window_waits_for_it_shown_as_quiet_hours_and_sends_nothing()
    {
        var window = new Comms.Core.Pacing.SendWindow { Start = new TimeOnly(8, 0), End = new TimeOnly(21, 0) };
        var now = DateTimeOffset.UtcNow;
        var (zone, opens) = Enumerable.Range(-12, 27).Select(h => $"Etc/GMT{(h <= 0 ? "+" : "-")}{Math.Abs(h)}")
            .Select(id => (Id: id, Opens: Comms.Core.Pacing.QuietHours.NextOpening(now, TimeZoneInfo.FindSystemTimeZoneById(id), window)))
            .First(z => z.Opens > now.AddMinutes(10));
        var account = "ACC-" + Guid.NewGuid().ToString("N");
        var phone = "+447700" + Random.Shared.Next(100000, 999999);
        using (var profile = await Host.Http.PutAsJsonAsync($"api/accounts/{account}/profile", new { name = "Ada", phone, timeZone = zone }))
        {
            Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        }

        var id = "quiet-" + Guid.NewGuid().ToString("N");
        using (var response = await Host.SubmitAsync(new { requestId = id, accountId = account, commsType = "PaymentReminder", channel = "sms", data = new { invoiceNumber = "INV-" + id, amountDue = 1, dueDate = "2026-12-01" } }))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var waiting = await Host.WaitForViewAsync(id, Patience, v => v.TryGetProperty("waitingFor", out var w) && w.GetString() == "quietHours", "waitingFor quietHours");
        Assert.Equal("processing", waiting.GetProperty("status").GetString());
        Assert.Equal(opens!.Value, waiting.GetProperty("waitUntil").GetDateTimeOffset());
        Assert.DoesNotContain(fixture.Acs.Sms, s => s.To == phone);

        using var cancel = await Host.Http.PostAsync($"api/comms/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        await Host.WaitForStatusAsync(id, Patience, "cancelled");
    }

    [HostFact]
    public async Task Preferences_are_recorded_with_their_evidence_and_bad_ones_are_refused_naming_the_field()
    {
        var account = "ACC-" + Guid.NewGuid().ToString("N");
        var body = """{"preferences":[{"category":"marketing","channel":"email","optedIn":true}],"evidence":{"method":"webForm","by":"customer","wordingVersion":"mkt-v3"}}""";
        using (var put = await Host.Http.PutAsync($"api/accounts/{account}/preferences", Json(body)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            var view = await put.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(view.GetProperty("defaults").GetProperty("marketing").GetBoolean());
            Assert.Equal("mkt-v3", view.GetProperty("preferences")[0].GetProperty("evidence").GetProperty("wordingVersion").GetString());
            Assert.Single(view.GetProperty("history").EnumerateArray());
        }

        foreach (var (bad, field) in new[]
        {
            ("""{"preferences":[{"category":"promotions","optedIn":true}],"evidence":{"method":"webForm","by":"customer"}}""", "preferences[0].category"),
            ("""{"preferences":[{"category":"billing","optedIn":true}]}""", "evidence"),
            ("""{"preferences":"all""", "$"),
        })
        {
            using var refused = await Host.Http.PutAsync($"api/accounts/{account}/preferences", Json(bad));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), bad);
        }

        using (var huge = await Host.Http.PutAsync($"api/accounts/{account}/preferences", Json(new string(' ', 20_000) + body)))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        }

        using (var anonymous = await Anonymous().GetAsync($"api/accounts/{account}/preferences"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        Assert.Single((await PreferencesAsync(account)).GetProperty("history").EnumerateArray());
    }

    private HttpClient Anonymous() => new() { BaseAddress = Host.BaseAddress };

    private static StringContent OneClick() => new("List-Unsubscribe=One-Click", Encoding.ASCII, "application/x-www-form-urlencoded");

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<JsonElement> PreferencesAsync(string account)
    {
        using var response = await Host.Http.GetAsync($"api/accounts/{account}/preferences");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<HttpResponseMessage> PostEventsAsync(string events) => Host.Http.PostAsync("api/events/acs", Json("[" + events + "]"));

    private async Task<(string Id, Comms.Testing.Fakes.FakeEmail Email)> SendEmailAsync(string account, string commsType, string email)
    {
        var id = "consent-" + Guid.NewGuid().ToString("N");
        await SendWithIdAsync(id, account, commsType, "email", new { email }, "sent");
        return (id, Assert.Single(fixture.Acs.Emails, e => e.To == email && e.Subject.Contains($"INV-{id}", StringComparison.Ordinal)));
    }

    private Task<JsonElement> SendAsync(string account, string commsType, string channel, object target, params string[] statuses) =>
        SendWithIdAsync("consent-" + Guid.NewGuid().ToString("N"), account, commsType, channel, target, statuses);

    private async Task<JsonElement> SendWithIdAsync(string id, string account, string commsType, string channel, object target, params string[] statuses)
    {
        using var response = await Host.SubmitAsync(new
        {
            requestId = id,
            accountId = account,
            commsType,
            channel,
            target,
            data = new { invoiceNumber = $"INV-{id}", amountDue = 42.50, dueDate = "2026-12-01" },
            locale = "en-GB",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await Host.WaitForStatusAsync(id, Patience, statuses);
    }

    private static string SmsReceived(string from, string message) => JsonSerializer.Serialize(new
    {
        id = Guid.NewGuid().ToString(),
        topic = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
        subject = $"/phonenumber/{from.TrimStart('+')}",
        data = new { MessageId = "Incoming_" + Guid.NewGuid().ToString("N"), From = from, To = "+18005550100", Message = message, ReceivedTimestamp = DateTimeOffset.UtcNow },
        eventType = "Microsoft.Communication.SMSReceived",
        eventTime = DateTimeOffset.UtcNow,
        dataVersion = "1.0",
    });

    [Collection(ProviderServerCollection.Name)]
    public sealed class OnServer(ProviderFixture.OnServer fixture) : ConsentTests(fixture);

    [Collection(ProviderFunctionsCollection.Name)]
    public sealed class OnFunctions(ProviderFixture.OnFunctions fixture) : ConsentTests(fixture);
}
