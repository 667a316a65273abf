using System.Globalization;
using System.Text.Json.Nodes;
using Comms.Core.Ports;
using Comms.Core.Domain;
using Comms.Core.Text;
using Comms.Infrastructure.Pdf;
using Comms.Infrastructure.Rendering;
using UglyToad.PdfPig;

namespace Comms.Infrastructure.Tests.Pdf;

/// <summary>The letter templates printed by a real headless Chromium, read back with a PDF reader.</summary>
public sealed class LetterPdfTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    // A4 in PDF points (1/72 inch): 210 x 297 mm.
    private const double A4Width = 595.28;
    private const double A4Height = 841.89;

    private static readonly RazorTemplateRenderer Templates = new();

    [Theory]
    [InlineData("InvoiceReady", new[] { "Your invoice is ready", "INV-1", "£42.50", "1 December 2026" })]
    [InlineData("PaymentReminder", new[] { "Payment reminder", "INV-1", "£42.50", "1 December 2026" })]
    [InlineData("AccountClosed", new[] { "Your account is closed", "30 November 2026", "£7.25" })]
    public async Task A_letter_is_one_A4_page_with_the_address_and_the_amounts(string commsType, string[] expected)
    {
        var pdf = await PrintAsync(commsType, Data());

        using var document = PdfDocument.Open(pdf);
        var page = Assert.Single(document.GetPages());
        Assert.Equal(A4Width, page.Width, 0);
        Assert.Equal(A4Height, page.Height, 0);
        var text = Words(page);
        foreach (var word in (string[])["Ada Lovelace", "12 Analytical Row", "Marylebone", "London", "NW1 6XE", "ACC-1", "Page 1 of 1", .. expected])
        {
            Assert.Contains(Words(word), text, StringComparison.Ordinal);
        }

        Assert.Equal(1, PdfPageCount.Of(pdf));
    }

    [Fact]
    public async Task Sixty_charge_lines_span_pages_with_every_line_whole_and_numbered_pages()
    {
        var data = Data();
        data["charges"] = new JsonArray([.. Enumerable.Range(1, 60).Select(i => (JsonNode)new JsonObject
        {
            ["description"] = $"Usage charge number {i:00}",
            ["amount"] = 10m + i / 100m,
        })]);

        var pdf = await PrintAsync("InvoiceReady", data);

        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().ToList();
        Assert.InRange(pages.Count, 2, 5);
        Assert.Equal(pages.Count, PdfPageCount.Of(pdf));
        var lines = new List<string>();
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Equal(A4Height, pages[i].Height, 0);
            var text = Words(pages[i]);
            Assert.Contains($"Page{i + 1}of{pages.Count}", text, StringComparison.Ordinal);

            // The table header repeats on each page the table reaches.
            if (text.Contains("Usagechargenumber", StringComparison.Ordinal))
            {
                Assert.Contains("DescriptionAmount", text, StringComparison.Ordinal);
            }

            lines.AddRange(Enumerable.Range(1, 60).Where(n => text.Contains(string.Create(CultureInfo.InvariantCulture, $"Usagechargenumber{n:00}£{10m + n / 100m:0.00}"), StringComparison.Ordinal)).Select(n => n.ToString(CultureInfo.InvariantCulture)));
        }

        // Each charge line appears whole (description and amount together) exactly once across the pages.
        Assert.Equal(Enumerable.Range(1, 60).Select(n => n.ToString(CultureInfo.InvariantCulture)), lines.Order(StringComparer.Ordinal).OrderBy(int.Parse));
        Assert.Contains("Amountdue£42.50", Words(pages[^1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_data_is_printed_as_text_and_cannot_reach_the_network_or_the_file_system()
    {
        using var listener = new System.Net.HttpListener();
        var port = Comms.Testing.FreePort.Next();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var requested = listener.GetContextAsync();

        // Markup in data is encoded by Razor; markup in a trusted template is blocked by the page's request filter.
        var html = $"""
            <html><body><p>hello</p>
            <img src="http://127.0.0.1:{port}/img"><link rel="stylesheet" href="http://127.0.0.1:{port}/css">
            <iframe src="file:///etc/hostname"></iframe><script>document.write('script ran')</script>
            <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
            </body></html>
            """;
        var pdf = await chromium.Renderer.RenderAsync(html);

        using var document = PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPages().Select(Words));
        Assert.Contains("hello", text, StringComparison.Ordinal);
        Assert.DoesNotContain("scriptran", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Words(File.ReadAllText("/etc/hostname").Trim()), text, StringComparison.Ordinal);
        Assert.NotSame(requested, await Task.WhenAny(requested, Task.Delay(TimeSpan.FromSeconds(2))));

        var data = Data();
        data["invoiceNumber"] = $"<img src=\"http://127.0.0.1:{port}/data\">INV-9";
        var letter = await PrintAsync("InvoiceReady", data);
        using var printed = PdfDocument.Open(letter);
        Assert.Contains("<imgsrc=", Words(printed.GetPage(1)), StringComparison.Ordinal);
        Assert.False(requested.IsCompleted, "The page made a request to the network.");
    }

    private async Task<byte[]> PrintAsync(string commsType, JsonObject data)
    {
        var target = new CommsTarget("Ada Lovelace", PostalAddress: new PostalAddress(["12 Analytical Row", "Marylebone"], "London", "NW1 6XE", "United Kingdom"));
        var html = await Templates.RenderAsync(commsType, Channel.Letter, ChannelParts.Html, new TemplateModel("req-1", "ACC-1", commsType, target, data, "en-GB"));
        return await chromium.Renderer.RenderAsync(html);
    }

    private static JsonObject Data() => new()
    {
        ["invoiceNumber"] = "INV-1",
        ["amountDue"] = 42.50m,
        ["dueDate"] = "2026-12-01",
        ["closedOn"] = "2026-11-30",
        ["finalBalance"] = 7.25m,
    };

    // PdfPig's words joined without spaces: Chromium's text runs do not always carry the spaces between words.
    private static string Words(UglyToad.PdfPig.Content.Page page) => string.Concat(page.GetWords().Select(w => w.Text));

    private static string Words(string text) => text.Replace(" ", "", StringComparison.Ordinal);
}
