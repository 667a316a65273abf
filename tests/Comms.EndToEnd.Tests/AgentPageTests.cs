using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Comms.EndToEnd.Tests.Hosts;
using PuppeteerSharp;
using Xunit.Abstractions;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// The agent page (README, The agent page) and its search, on each host: <c>GET /api/search</c> over HTTP, and the
/// page driven in real headless Chromium (Debian's, as the PDF renderer uses it) from sign-in to the e-mail and the
/// letter PDF a customer with a hostile name got. Screenshots of each screen go to the test output folder.
/// </summary>
public abstract class AgentPageTests(CommsFixture fixture, ITestOutputHelper output)
{
    private const string HostileName = "<img src=x onerror=alert(1)>";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private CommsHost Host => fixture.Host;

    [HostFact]
    public async Task Search_finds_a_request_by_invoice_number_business_key_request_id_account_id_and_provider_message_id()
    {
        var id = "e2e-search-" + Guid.NewGuid().ToString("N");
        var accountId = "ACC-" + id;
        var invoice = "INV-S" + id[^8..].ToUpperInvariant();
        var businessKey = $"invoice:{invoice}:ready";
        using (var submitted = await Host.SubmitAsync(new
        {
            requestId = id,
            accountId,
            businessKey,
            commsType = "InvoiceReady",
            channel = "email",
            target = new { name = "Ada Lovelace", email = $"{id}@example.com" },
            data = new { invoiceNumber = invoice, amountDue = 42.50, dueDate = "2026-12-01" },
        }))
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }

        Assert.Equal([("invoiceNumber", id, invoice)], await SearchAsync($"  {invoice.ToLowerInvariant()} "));
        Assert.Equal([("businessKey", id, businessKey)], await SearchAsync(businessKey.ToUpperInvariant()));
        Assert.Equal([("requestId", id, id)], await SearchAsync(id));
        Assert.Equal([("accountId", id, accountId)], await SearchAsync(accountId));
        Assert.Empty(await SearchAsync("INV-NOTHING-" + id));

        var view = await Host.WaitForStatusAsync(id, Letters.Patience, "sent");
        var messageId = view.GetProperty("history").EnumerateArray().Single(h => h.GetProperty("status").GetString() == "sent").GetProperty("reference").GetString()!;
        Assert.Equal([("providerMessageId", id, messageId)], await SearchAsync(messageId));

        foreach (var bad in new[] { "api/search", "api/search?q=", "api/search?q=%20%20", "api/search?q=" + new string('x', 257) })
        {
            using var response = await Host.Http.GetAsync(bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("q", out _), bad);
        }

        using var anonymous = new HttpClient { BaseAddress = Host.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/search?q=" + invoice)).StatusCode);
    }

    [HostFact]
    public async Task The_page_and_its_files_are_served_without_a_key_with_a_strict_policy_and_nothing_else_is()
    {
        using var anonymous = new HttpClient { BaseAddress = Host.BaseAddress };
        foreach (var (path, type, cache) in new[] { ("api/agent/", "text/html", "no-store"), ("api/agent/agent.js", "text/javascript", "no-cache"), ("api/agent/agent.css", "text/css", "no-cache") })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            AssertSecurityHeaders(response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(", ", h.Value)));
            Assert.Equal(cache, response.Headers.CacheControl?.ToString());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("api/agent/secrets.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("api/agent/..%2Fappsettings.json")).StatusCode);
        if (Host.Kind == HostKind.Server)
        {
            using var shortcut = await anonymous.GetAsync("agent");
            Assert.Equal("/api/agent/", shortcut.RequestMessage!.RequestUri!.AbsolutePath);
            Assert.Equal(HttpStatusCode.OK, shortcut.StatusCode);
        }
    }

    [HostFact]
    public async Task An_agent_finds_the_customer_by_invoice_number_and_sees_the_email_and_the_letter_as_the_customer_got_them()
    {
        var id = Guid.NewGuid().ToString("N");
        var accountId = "ACC-agent-" + id;
        var invoice = "INV-A" + id[^8..].ToUpperInvariant();
        var address = new { lines = new[] { "12 Analytical Row" }, city = "London", postcode = "NW1 6XE", country = "United Kingdom" };
        using (var profile = await Host.Http.PutAsJsonAsync($"api/accounts/{accountId}/profile", new { name = HostileName, email = $"agent-{id}@example.com", postalAddress = address }))
        {
            Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        }

        var data = new { invoiceNumber = invoice, amountDue = 42.50, dueDate = "2026-12-01" };
        var emailId = "e2e-agent-email-" + id;
        var letterId = "e2e-agent-letter-" + id;
        foreach (var (requestId, channel, target) in new (string, string, object)[]
        {
            (emailId, "email", new { name = HostileName, email = $"agent-{id}@example.com" }),
            (letterId, "letter", new { name = HostileName, postalAddress = address }),
        })
        {
            using var submitted = await Host.SubmitAsync(new { requestId, accountId, commsType = "InvoiceReady", channel, target, data, locale = "en-GB" });
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }

        var email = await Host.WaitForDocumentsAsync(emailId, Letters.Patience);
        var letter = await Host.WaitForDocumentsAsync(letterId, Letters.Patience);
        var pdfLength = letter.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "letter.pdf").GetProperty("length").GetInt64();

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions"],
            Timeout = 60_000,
        });
        await using var page = await browser.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, e) =>
        {
            dialogs.Add(e.Dialog.Message);
            await e.Dialog.Dismiss();
        };
        var consoleErrors = new List<string>();
        page.Console += (_, e) =>
        {
            // The refused key (401) and the refused cancel (409) are logged by Chromium as failed loads; anything else
            // (a policy violation above all) is an error of the page.
            if (e.Message.Type == ConsoleType.Error && !e.Message.Text.StartsWith("Failed to load resource: the server responded with a status of 40", StringComparison.Ordinal))
            {
                consoleErrors.Add(e.Message.Text);
            }
        };
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 900 });

        // Sign in: a wrong key is refused with the reason, the right one opens the search.
        var opened = await page.GoToAsync(new Uri(Host.BaseAddress, "api/agent/").ToString());
        AssertSecurityHeaders(opened.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value));
        Assert.Equal("key", await page.EvaluateExpressionAsync<string>("document.activeElement.id"));
        await ScreenshotAsync(page, "1-sign-in");
        await page.TypeAsync("#key", "not-the-key");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.includes('That key is not valid.')", Wait());
        Assert.Null(await page.EvaluateExpressionAsync<string?>("sessionStorage.getItem('comms.agentKey')"));

        // The billing platform's key is valid but not an agent's: the page stays shut.
        await page.EvaluateExpressionAsync("document.getElementById('key').value = ''");
        await page.TypeAsync("#key", CommsHost.SubmitKey);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('status').textContent.includes('This key cannot use the agent page.')", Wait());
        Assert.Null(await page.EvaluateExpressionAsync<string?>("sessionStorage.getItem('comms.agentKey')"));
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.getElementById('search').hidden"));
        await ScreenshotAsync(page, "1b-submit-key-refused");

        await page.EvaluateExpressionAsync("document.getElementById('key').value = ''");
        await page.TypeAsync("#key", CommsHost.AgentKey);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#search:not([hidden])", new WaitForSelectorOptions { Timeout = Milliseconds() });
        Assert.Equal(CommsHost.AgentKey, await page.EvaluateExpressionAsync<string>("sessionStorage.getItem('comms.agentKey')"));

        // Tab reaches the search field and its button, in order.
        Assert.Contains("q|Search", string.Join("|", await TabOrderAsync(page, 6)), StringComparison.Ordinal);

        // Search by invoice number (any case): both comms, one account.
        await page.FocusAsync("#q");
        await page.Keyboard.TypeAsync(invoice.ToLowerInvariant());
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#results li').length === 2", Wait());
        var results = await page.EvaluateExpressionAsync<string>("document.getElementById('results').innerText");
        Assert.Contains(emailId, results, StringComparison.Ordinal);
        Assert.Contains(letterId, results, StringComparison.Ordinal);
        Assert.Contains($"invoice number: {invoice}", results, StringComparison.Ordinal);
        Assert.Contains($"Open account {accountId}", string.Join("|", await TabOrderAsync(page, 3)), StringComparison.Ordinal);
        await ScreenshotAsync(page, "2-results");

        // The timeline, opened from the keyboard: the hostile name is text, every communication with its history.
        await page.FocusAsync("#results li button");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#comms li.comm').length === 2", Wait());
        Assert.Equal($"Customer: {HostileName}", await page.EvaluateExpressionAsync<string>("document.getElementById('customer').textContent"));
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('img').length"));
        Assert.Equal("timeline-heading", await page.EvaluateExpressionAsync<string>("document.activeElement.id"));
        var timeline = await page.EvaluateExpressionAsync<string>("document.getElementById('timeline').innerText");
        Assert.Contains($"sent for {HostileName}", timeline, StringComparison.Ordinal);
        foreach (var view in new[] { email, letter })
        {
            var status = view.GetProperty("status").GetString()!;
            Assert.Contains(await page.EvaluateFunctionAsync<string>(
                "id => document.querySelector(`li.comm[data-request-id=\"${id}\"] .status`).textContent", view.GetProperty("requestId").GetString()!), new[] { status, "sent", "delivered" });
        }

        Assert.Contains("processing", timeline, StringComparison.Ordinal);
        Assert.Contains("pipeline", timeline, StringComparison.Ordinal);
        await ScreenshotAsync(page, "3-timeline");

        // The e-mail, as received, in a sandboxed frame with its own policy.
        await page.ClickAsync("li.comm[data-channel=email] button.show");
        await page.WaitForSelectorAsync("li.comm[data-channel=email] iframe.email", new WaitForSelectorOptions { Timeout = Milliseconds() });
        var frame = await page.EvaluateExpressionAsync<JsonElement>(
            "(() => { const f = document.querySelector('li.comm[data-channel=email] iframe.email'); return { sandbox: f.getAttribute('sandbox'), srcdoc: f.srcdoc }; })()");
        Assert.Equal("", frame.GetProperty("sandbox").GetString());
        var srcdoc = frame.GetProperty("srcdoc").GetString()!;
        Assert.StartsWith("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">", srcdoc, StringComparison.Ordinal);
        Assert.Contains(invoice, srcdoc, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", srcdoc, StringComparison.Ordinal);
        var emailShown = await page.EvaluateExpressionAsync<string>("document.querySelector('li.comm[data-channel=email] .document').innerText");
        Assert.Contains($"Your invoice {invoice} is ready", emailShown, StringComparison.Ordinal);
        await page.EvaluateExpressionAsync("document.querySelector('li.comm[data-channel=email] iframe.email').scrollIntoView()");
        await ScreenshotAsync(page, "4-email");

        // The letter: the PDF fetched with the key and framed from a blob: URL, with its size.
        await page.ClickAsync("li.comm[data-channel=letter] button.show");
        await page.WaitForSelectorAsync("li.comm[data-channel=letter] iframe.pdf", new WaitForSelectorOptions { Timeout = Milliseconds() });
        var pdf = await page.EvaluateExpressionAsync<JsonElement>(
            "(() => { const f = document.querySelector('li.comm[data-channel=letter] iframe.pdf'); return { src: f.src, size: f.closest('figure').dataset.size, caption: f.closest('figure').querySelector('figcaption').textContent }; })()");
        Assert.StartsWith("blob:", pdf.GetProperty("src").GetString(), StringComparison.Ordinal);
        Assert.Equal(pdfLength.ToString(System.Globalization.CultureInfo.InvariantCulture), pdf.GetProperty("size").GetString());
        Assert.Contains($"PDF of {pdfLength} bytes", pdf.GetProperty("caption").GetString(), StringComparison.Ordinal);
        await page.EvaluateExpressionAsync("document.querySelector('li.comm[data-channel=letter] iframe.pdf').scrollIntoView()");
        await ScreenshotAsync(page, "5-letter");

        // 200% zoom of the same window: half the width in CSS pixels, and nothing wider than the window.
        await page.SetViewportAsync(new ViewPortOptions { Width = 640, Height = 900 });
        await page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth", Wait());
        await ScreenshotAsync(page, "6-timeline-200-percent");

        // Cancel on a sent request answers with the reason, shown next to it.
        await page.ClickAsync("li.comm[data-channel=email] button.cancel");
        await page.WaitForFunctionAsync("() => document.querySelector('li.comm[data-channel=email] .result').textContent.startsWith('Not done:')", Wait());

        Assert.Empty(dialogs);
        Assert.Empty(consoleErrors);

        // What the agent looked at and did, in the account's audit log under the agent's key (README, Audit).
        // Each is written before the action answers, so it is there once the page has shown the answer.
        var audit = (await Host.Http.GetFromJsonAsync<JsonElement>($"api/audit?accountId={Uri.EscapeDataString(accountId)}")).GetProperty("items").EnumerateArray().ToList();
        var agentRows = audit.Where(r => r.GetProperty("keyName").GetString() == CommsHost.AgentKeyName).Select(r => (r.GetProperty("action").GetString(), r.GetProperty("role").GetString(), r.GetProperty("target").GetString(), r.TryGetProperty("detail", out var d) ? d.GetString() : null)).ToList();
        Assert.Contains(("document.view", "agent", emailId, "email.html"), agentRows);
        Assert.Contains(("document.view", "agent", letterId, "letter.pdf"), agentRows);
        Assert.Contains(("request.cancel", "agent", emailId, null), agentRows);
    }

    private static void AssertSecurityHeaders(IDictionary<string, string> headers)
    {
        var policy = headers["content-security-policy"];
        foreach (var directive in new[] { "default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-src blob: 'self'", "frame-ancestors 'none'" })
        {
            Assert.Contains(directive, policy, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("no-referrer", headers["referrer-policy"]);
    }

    private async Task<List<(string MatchedOn, string RequestId, string Term)>> SearchAsync(string q)
    {
        using var response = await Host.Http.GetAsync("api/search?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(q.Trim(), body.GetProperty("query").GetString());
        return [.. body.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("matchedOn").GetString()!, i.GetProperty("requestId").GetString()!, i.GetProperty("term").GetString()!))];
    }

    /// <summary>Presses Tab <paramref name="presses"/> times from where the focus is, naming each element reached (its id, else its text).</summary>
    private static async Task<List<string>> TabOrderAsync(IPage page, int presses)
    {
        var reached = new List<string>();
        for (var i = 0; i < presses; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached.Add(await page.EvaluateExpressionAsync<string>("document.activeElement.id || document.activeElement.textContent.trim()"));
        }

        return reached;
    }

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", Host.Kind.ToString().ToLowerInvariant(), name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(path, new ScreenshotOptions { FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }

    private static WaitForFunctionOptions Wait() => new() { Timeout = Milliseconds(), PollingInterval = 100 };

    private static int Milliseconds() => (int)Patience.TotalMilliseconds;

    [Collection(ServerCollection.Name)]
    public sealed class OnServer(CommsFixture.OnServer fixture, ITestOutputHelper output) : AgentPageTests(fixture, output);

    [Collection(FunctionsCollection.Name)]
    public sealed class OnFunctions(CommsFixture.OnFunctions fixture, ITestOutputHelper output) : AgentPageTests(fixture, output);
}
