// Letter PDF throughput with the one warm browser, as Comms runs it:
//   dotnet run -c Release --project bench/Comms.PdfBench -- [letters=200] [pages-at-once=2] [charges=10]
// Renders each letter's HTML with the embedded templates and prints it with ChromiumPdfRenderer; the browser launch
// and a warm-up letter are not counted. Prints letters per second and the p50/p95/max time per letter.
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

var letters = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var charges = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;

var templates = new RazorTemplateRenderer();
await using var pdf = new ChromiumPdfRenderer(
    Options.Create(new ChromiumOptions { MaxConcurrentPages = concurrency, Timeout = TimeSpan.FromMinutes(5) }),
    NullLogger<ChromiumPdfRenderer>.Instance);

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

var times = results.Select(r => r.Ms).Order().ToArray();
double Percentile(double p) => times[Math.Min(times.Length - 1, (int)Math.Ceiling(p * times.Length) - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{letters} letters ({charges} charges each, {concurrency} pages at once, {Environment.ProcessorCount} cores): " +
    $"{letters / total.Elapsed.TotalSeconds:0.0} letters/s; per letter p50 {Percentile(0.50):0} ms, p95 {Percentile(0.95):0} ms, max {times[^1]:0} ms" +
    $"; mean PDF {results.Average(r => r.Bytes) / 1024:0} KiB"));
