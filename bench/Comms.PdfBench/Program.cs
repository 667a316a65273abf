// Letter PDF throughput with the one warm browser, as Comms runs it:
//   dotnet run -c Release --project bench/Comms.PdfBench -- [--bare] [letters=200] [pages-at-once=2] [charges=10]
// Renders each letter's HTML with the embedded templates and prints it with ChromiumPdfRenderer; the browser launch
// and a warm-up letter are not counted. Prints letters per second and the p50/p95/max time per letter.
// --bare: the reference beside it, a fixed tiny HTML printed through the same PuppeteerSharp and Chromium with one
// warm page per worker (no template, no renderer, PuppeteerSharp's default PDF options, A4).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Comms.Core.Ports;
using Comms.Core.Domain;
using Comms.Core.Text;
using Comms.Infrastructure.Pdf;
using Comms.Infrastructure.Rendering;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PuppeteerSharp;

var bare = args.Contains("--bare");
var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
var letters = numbers.Length > 0 ? int.Parse(numbers[0], CultureInfo.InvariantCulture) : 200;
var concurrency = numbers.Length > 1 ? int.Parse(numbers[1], CultureInfo.InvariantCulture) : 2;
var charges = numbers.Length > 2 ? int.Parse(numbers[2], CultureInfo.InvariantCulture) : 10;

if (bare)
{
    await BareAsync(letters, concurrency);
    return;
}

var templates = new RazorTemplateRenderer();
await using var pdf = new ChromiumPdfRenderer(
    Options.Create(new ChromiumOptions { MaxConcurrentPages = concurrency, Timeout = TimeSpan.FromMinutes(5) }),
    NullLogger<ChromiumPdfRenderer>.Instance);

var templateMs = new System.Collections.Concurrent.ConcurrentBag<double>();
async Task<(double Ms, int Bytes)> LetterAsync(int n)
{
    var data = new JsonObject
    {
        ["invoiceNumber"] = $"INV-{n}",
        ["amountDue"] = 42.50m + n,
        ["dueDate"] = "2026-12-01",
        ["charges"] = new JsonArray([.. Enumerable.Range(1, charges).Select(i => (JsonNode)new JsonObject { ["description"] = $"Charge {i}", ["amount"] = 1.25m * i })]),
    };
    var target = new CommsTarget($"Customer {n}", PostalAddress: new PostalAddress(["12 Analytical Row"], "London", "NW1 6XE", "United Kingdom"));
    var watch = Stopwatch.StartNew();
    var html = await templates.RenderAsync("InvoiceReady", Channel.Letter, ChannelParts.Html, new TemplateModel($"req-{n}", "ACC-1", "InvoiceReady", target, data, "en-GB"));
    templateMs.Add(watch.Elapsed.TotalMilliseconds);
    var bytes = await pdf.RenderAsync(html);
    return (watch.Elapsed.TotalMilliseconds, bytes.Length);
}

var warm = Stopwatch.StartNew();
await LetterAsync(0);
Console.WriteLine($"launch + first letter: {warm.Elapsed.TotalMilliseconds:0} ms");

// As many workers as pages at once, each printing letters one after another: the time per letter is its own
// render + print while the others print beside it, without time spent queueing for a page.
var next = 0;
var results = new System.Collections.Concurrent.ConcurrentBag<(double Ms, int Bytes)>();
var total = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    for (var n = Interlocked.Increment(ref next); n <= letters; n = Interlocked.Increment(ref next))
    {
        results.Add(await LetterAsync(n));
    }
}));
total.Stop();

Report($"{letters} letters ({charges} charges each, {concurrency} pages at once, {Environment.ProcessorCount} cores)", "letters", total.Elapsed, [.. results]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"of which the template (Razor to HTML): p50 {templateMs.Order().ElementAt(templateMs.Count / 2):0.0} ms"));

static void Report(string what, string unit, TimeSpan elapsed, (double Ms, int Bytes)[] results)
{
    var times = results.Select(r => r.Ms).Order().ToArray();
    double Percentile(double p) => times[Math.Min(times.Length - 1, (int)Math.Ceiling(p * times.Length) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: {times.Length / elapsed.TotalSeconds:0.0} {unit}/s; per {unit[..^1]} p50 {Percentile(0.50):0} ms, p95 {Percentile(0.95):0} ms, max {times[^1]:0} ms" +
        $"; mean PDF {results.Average(r => r.Bytes) / 1024:0} KiB"));
}

// The bare browser: one warm page per worker printing the same tiny document, nothing else.
static async Task BareAsync(int count, int concurrency)
{
    const string tiny = "<html><body><h1>Hello</h1><p>A fixed tiny document.</p></body></html>";
    var warm = Stopwatch.StartNew();
    await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
    {
        ExecutablePath = ChromiumPdfRenderer.FindChromium(null),
        Headless = true,
        Args = ["--no-sandbox"],
    });
    var pages = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => browser.NewPageAsync()));
    async Task<(double Ms, int Bytes)> PrintAsync(IPage page)
    {
        var watch = Stopwatch.StartNew();
        await page.SetContentAsync(tiny);
        var bytes = await page.PdfDataAsync(new PdfOptions { Format = PuppeteerSharp.Media.PaperFormat.A4 });
        return (watch.Elapsed.TotalMilliseconds, bytes.Length);
    }

    await Task.WhenAll(pages.Select(PrintAsync));
    Console.WriteLine($"bare: launch + first PDF: {warm.Elapsed.TotalMilliseconds:0} ms");
    var next = 0;
    var results = new System.Collections.Concurrent.ConcurrentBag<(double Ms, int Bytes)>();
    var total = Stopwatch.StartNew();
    await Task.WhenAll(pages.Select(async page =>
    {
        for (var n = Interlocked.Increment(ref next); n <= count; n = Interlocked.Increment(ref next))
        {
            results.Add(await PrintAsync(page));
        }
    }));
    total.Stop();
    Report($"bare: {count} tiny PDFs ({concurrency} warm pages at once, {Environment.ProcessorCount} cores)", "PDFs", total.Elapsed, [.. results]);
    await browser.CloseAsync();
}
