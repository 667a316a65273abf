using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;
using Comms.Testing.Fakes;
using Xunit.Abstractions;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// Providers and the archive going away and coming back, and providers' rate limits, on each host (README, Retries
/// and rate limits), scaled down: outages of tens of seconds, waits of seconds, tens of messages. The full-size runs
/// are <c>scripts/scenarios/</c>. Each test has its own Azurite.
/// </summary>
public abstract class OutageTests(HostKind kind, ITestOutputHelper output)
{
    private static TimeSpan Patience => Scenario.Patience;

    /// <summary>ACS down (nothing listening on its port) far longer than one step's HTTP retries: every request waits, shown, and is sent once when it is back.</summary>
    [HostFact]
    public async Task Requests_in_flight_through_a_provider_outage_are_each_sent_once_after_it_returns()
    {
        var count = Scenario.OutageRequests;
        await using var azurite = await Azurite.StartAsync();
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var port = FreePort.Next();
        await using var down = new FakeAcs(key);
        // A horizon well past the outage: here nothing may fail.
        var settings = Settings(azurite, down, port, horizon: (Scenario.ProviderDown + TimeSpan.FromMinutes(10)).ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        await using var host = CommsHost.Create(kind, settings);
        await host.StartAsync();

        var ids = Enumerable.Range(0, count).Select(i => $"outage-{Guid.NewGuid():N}-{i}").ToList();
        await SubmitAllAsync(host, ids);
        foreach (var id in ids)
        {
            var waiting = await host.WaitForViewAsync(id, Patience, v => Text(v, "waitingFor") == "retry", "to wait for a retry");
            Assert.StartsWith("Send: ", Text(waiting, "lastError"));
            Assert.Equal("processing", Text(waiting, "status"));
            Assert.NotNull(Text(waiting, "waitUntil"));
        }

        // The rest of the outage: a length of time the scenario chooses, not a wait for something to happen.
        await Task.Delay(Scenario.ProviderDown);
        var clock = Stopwatch.StartNew();
        await using var acs = new FakeAcs(key);
        await acs.StartAsync(port);
        foreach (var id in ids)
        {
            var sent = await host.WaitForStatusAsync(id, Patience, "sent");
            Assert.Null(Text(sent, "waitingFor"));
        }

        output.WriteLine($"{kind}: {count} requests, ACS down until all waited plus {Scenario.ProviderDown.TotalSeconds:0} s; all sent {clock.Elapsed.TotalSeconds:0.0} s after ACS came back, each once.");
        foreach (var id in ids)
        {
            Assert.Single(acs.Emails, e => e.To == Email(id));
        }

        Assert.Equal(count, acs.Emails.Count);
    }

    /// <summary>Down past a short horizon: failed, naming the step; findable as failed; resent once it is back, sent once; the original keeps its history.</summary>
    [HostFact]
    public async Task Past_the_horizon_a_request_fails_naming_the_step_and_its_resend_is_sent_once()
    {
        await using var azurite = await Azurite.StartAsync();
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        var port = FreePort.Next();
        await using var down = new FakeAcs(key);
        await using var host = CommsHost.Create(kind, Settings(azurite, down, port, horizon: "00:00:05"));
        await host.StartAsync();
        var id = $"horizon-{Guid.NewGuid():N}";
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);

        await SubmitAllAsync(host, [id]);
        var failed = await host.WaitForStatusAsync(id, Patience, "failed");
        Assert.StartsWith("Send: ", Text(failed, "failureReason"));
        Assert.Contains("gave up after", Text(failed, "failureReason"), StringComparison.Ordinal);

        using (var list = await host.Http.GetAsync($"api/comms?status=failed&from={Uri.EscapeDataString(before.ToString("O"))}"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
            var page = await list.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(page.GetProperty("items").EnumerateArray(), item => Text(item, "requestId") == id);
        }

        await using var acs = new FakeAcs(key);
        await acs.StartAsync(port);
        using var resend = await host.Http.PostAsync($"api/comms/{id}/resend", null);
        Assert.True(resend.StatusCode == HttpStatusCode.Accepted, $"{(int)resend.StatusCode} {await resend.Content.ReadAsStringAsync()}");
        var resentAs = Text(await resend.Content.ReadFromJsonAsync<JsonElement>(), "requestId")!;
        Assert.Equal(id + ":resend", resentAs);
        using (var again = await host.Http.PostAsync($"api/comms/{id}/resend", null))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(resentAs, Text(await again.Content.ReadFromJsonAsync<JsonElement>(), "requestId"));
        }

        var sent = await host.WaitForStatusAsync(resentAs, Patience, "sent");
        Assert.Equal(id, Text(sent, "resendOf"));
        var original = await host.GetCommsAsync(id);
        Assert.Equal(("failed", resentAs), (Text(original, "status"), Text(original, "resentAs")));
        Assert.Contains(original.GetProperty("history").EnumerateArray(), h => Text(h, "status") == "failed");
        Assert.Equal(Email(id), Assert.Single(acs.Emails).To);

        using var notFailed = await host.Http.PostAsync($"api/comms/{resentAs}/resend", null);
        Assert.Equal(HttpStatusCode.Conflict, notFailed.StatusCode);
    }

    /// <summary>
    /// ACS allows 5 e-mails in any 5 s and answers 429 beyond. Comms configured at that limit never meets a 429, across
    /// two hosts on one storage account (Comms.Server; one Functions host, whose instances would share the same way).
    /// </summary>
    [HostFact]
    public async Task Sends_at_the_configured_limit_never_meet_a_429_across_hosts()
    {
        var (acs, result) = await RateLimitedRunAsync(configuredLimit: Scenario.RateLimit, hosts: kind == HostKind.Server ? 2 : 1);
        await using (acs)
        {
            Assert.Equal(0, acs.Throttled);
            Assert.InRange(acs.MostInAnyWindow(Scenario.RatePeriod), 1, Scenario.RateLimit);
            Assert.Equal(Scenario.RateRequests, acs.Emails.Count);
            output.WriteLine(result);
        }
    }

    /// <summary>Configured at twice what ACS allows: its 429s (Retry-After 2 s) pause the shared limiter; nothing fails, each is sent once (two Comms.Server hosts).</summary>
    [HostFact]
    public async Task Sends_over_the_providers_limit_are_slowed_by_its_429s_and_none_fails()
    {
        var (acs, result) = await RateLimitedRunAsync(configuredLimit: 2 * Scenario.RateLimit, hosts: kind == HostKind.Server ? 2 : 1);
        await using (acs)
        {
            Assert.True(acs.Throttled > 0, "ACS should have answered 429 at least once");
            Assert.InRange(acs.MostInAnyWindow(Scenario.RatePeriod), 1, Scenario.RateLimit);
            Assert.Equal(Scenario.RateRequests, acs.Emails.Count);
            output.WriteLine(result);
        }
    }

    /// <summary>A bill run takes the bulk lane: a single request submitted after it starts is sent long before the run ends, and nothing meets a 429.</summary>
    [HostFact]
    public async Task A_single_request_goes_ahead_of_a_bill_run_under_a_rate_limit()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var acs = new FakeAcs();
        await acs.StartAsync();
        acs.LimitRate(Scenario.RateLimit, Scenario.RatePeriod, retryAfterSeconds: 2);
        var settings = Settings(azurite, acs, null, horizon: "00:10:00");
        settings["Comms__RateLimits__email__Windows__0__Limit"] = Scenario.RateLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Comms__RateLimits__email__Windows__0__Period"] = Scenario.RatePeriod.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        await using var host = CommsHost.Create(kind, settings);
        await host.StartAsync();

        var batchId = $"lanes-{Guid.NewGuid():N}"[..30];
        var count = 8 * Scenario.RateLimit;
        var items = Enumerable.Range(0, count).Select(i => new { itemKey = $"k{i}", accountId = "ACC-L", target = new { email = $"{batchId}-{i}@example.com" } });
        using (var submit = await host.Http.PostAsJsonAsync("api/batches", new { batchId, defaults = new { commsType = "InvoiceReady", channel = "email" }, items }))
        {
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        }

        await Eventually.True(() => Task.FromResult(acs.Emails.Count > 0), Patience, "the run's first e-mail");
        var single = $"single-{Guid.NewGuid():N}";
        await SubmitAllAsync(host, [single]);
        await host.WaitForStatusAsync(single, Patience, "sent");
        await Eventually.True(() => Task.FromResult(acs.Emails.Count == count + 1), Patience, "every e-mail of the run");

        var position = acs.Emails.ToList().FindIndex(e => e.To == Email(single));
        output.WriteLine($"{kind}: a single request submitted after a run of {count} began was e-mail {position + 1} of {count + 1}; {acs.Throttled} answered 429.");
        // Behind at most a lookahead of the run (RateWindow.Lookahead), not behind all of it.
        Assert.InRange(position, 1, count / 2);
        Assert.Equal(0, acs.Throttled);
    }

    /// <summary>The SFTP archive down while e-mails are sent: they stay sent, show <c>archived: false</c> and the reason; archived once it returns.</summary>
    [HostFact]
    public async Task A_message_sent_while_the_archive_is_down_stays_sent_and_is_archived_when_it_returns()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var sftp = await SftpServer.StartAsync();
        Directory.CreateDirectory(Path.Combine(sftp.DataPath, "archive"));
        sftp.Stop();
        var settings = CommsFixture.Settings(azurite, await MailDev.SharedAsync(), "arch" + Guid.NewGuid().ToString("N")[..8]);
        settings["Comms__Archive__Provider"] = "Sftp";
        foreach (var (name, value) in sftp.Settings("Comms__Sftp__Archive", "archive"))
        {
            settings[name] = value;
        }

        Retries(settings, "00:10:00");
        await using var host = CommsHost.Create(kind, settings);
        await host.StartAsync();
        var id = $"archive-{Guid.NewGuid():N}";
        await SubmitAllAsync(host, [id]);

        var waiting = await host.WaitForViewAsync(id, Patience, v => Text(v, "waitingFor") == "archive", "to wait for the archive");
        Assert.Equal("sent", Text(waiting, "status"));
        Assert.False(waiting.GetProperty("archived").GetBoolean());
        Assert.StartsWith("Store: ", Text(waiting, "lastError"));
        using (var document = await host.Http.GetAsync($"api/comms/{id}/documents/email.html"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, document.StatusCode);
            Assert.NotNull(document.Headers.RetryAfter);
        }

        await sftp.RestartAsync();
        var archived = await host.WaitForViewAsync(id, Patience, v => v.GetProperty("archived").GetBoolean(), "to be archived");
        Assert.Equal("sent", Text(archived, "status"));
        Assert.Null(Text(archived, "waitingFor"));
        Assert.DoesNotContain(archived.GetProperty("history").EnumerateArray(), h => Text(h, "status") == "failed");
        using var stored = await host.Http.GetAsync($"api/comms/{id}/documents/email.html");
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
    }

    private async Task<(FakeAcs Acs, string Result)> RateLimitedRunAsync(int configuredLimit, int hosts)
    {
        var count = Scenario.RateRequests;
        await using var azurite = await Azurite.StartAsync();
        var acs = new FakeAcs();
        await acs.StartAsync();
        acs.LimitRate(Scenario.RateLimit, Scenario.RatePeriod, retryAfterSeconds: 2);
        var settings = Settings(azurite, acs, null, horizon: "00:10:00");
        settings["Comms__RateLimits__email__Windows__0__Limit"] = configuredLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Comms__RateLimits__email__Windows__0__Period"] = Scenario.RatePeriod.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        var running = new List<CommsHost>();
        try
        {
            for (var i = 0; i < hosts; i++)
            {
                var host = CommsHost.Create(kind, settings);
                running.Add(host);
                await host.StartAsync();
            }

            var ids = Enumerable.Range(0, count).Select(i => $"paced-{Guid.NewGuid():N}-{i}").ToList();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(ids.Select((id, i) => SubmitAllAsync(running[i % hosts], [id])));
            foreach (var id in ids)
            {
                await running[0].WaitForStatusAsync(id, Patience, "sent");
            }

            return (acs, $"{kind}: {count} e-mails through {hosts} host(s), Comms at {configuredLimit} and ACS at {Scenario.RateLimit} per {Scenario.RatePeriod.TotalSeconds:0} s: all sent in {clock.Elapsed.TotalSeconds:0.0} s, {acs.Throttled} answered 429, at most {acs.MostInAnyWindow(Scenario.RatePeriod)} in any {Scenario.RatePeriod.TotalSeconds:0} s.");
        }
        finally
        {
            foreach (var host in running)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static Dictionary<string, string> Settings(Azurite azurite, FakeAcs acs, int? port, string horizon)
    {
        var settings = CommsFixture.Settings(azurite, MailDev.SharedAsync().GetAwaiter().GetResult(), "out" + Guid.NewGuid().ToString("N")[..8]);
        settings["Comms__Email__Provider"] = "Acs";
        settings["Comms__Email__From"] = "billing@comms.test";
        settings["Comms__Acs__ConnectionString"] = port is { } p
            ? $"endpoint=http://127.0.0.1:{p}/;accesskey={Convert.ToBase64String(acs.AccessKey)}"
            : acs.ConnectionString;
        settings["Comms__Acs__EmailPollInterval"] = "00:00:00.200";
        Retries(settings, horizon);
        return settings;
    }

    private static void Retries(Dictionary<string, string> settings, string horizon)
    {
        settings["Comms__Retries__FirstInterval"] = "00:00:01";
        settings["Comms__Retries__MaxInterval"] = Scenario.MaxRetryInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        settings["Comms__Retries__Horizon"] = horizon;
        settings["Comms__Retries__ArchiveHorizon"] = "00:10:00";
    }

    private static async Task SubmitAllAsync(CommsHost host, IEnumerable<string> ids)
    {
        foreach (var id in ids)
        {
            using var submit = await host.SubmitAsync(new
            {
                requestId = id, accountId = "ACC-OUT", commsType = "InvoiceReady", channel = "email",
                target = new { email = Email(id) }, data = new { invoiceNumber = "INV-" + id[..12], amountDue = 9 },
            });
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        }
    }

    private static string Email(string id) => $"{id.Replace(':', '-')}@example.com";

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public sealed class OnServer(ITestOutputHelper output) : OutageTests(HostKind.Server, output);

    public sealed class OnFunctions(ITestOutputHelper output) : OutageTests(HostKind.Functions, output);
}
