using System.Diagnostics;
using System.Text;
using Comms.Core.Ports;
using UglyToad.PdfPig;

namespace Comms.Infrastructure.Tests.Pdf;

/// <summary>The warm browser's failure handling: a document that takes too long fails alone; a crashed browser is replaced.</summary>
public sealed class ChromiumPdfRendererTests
{
    private const string Simple = "<html><body><p>Still printing</p></body></html>";

    [Fact]
    public async Task A_document_over_the_time_limit_fails_with_the_reason_its_page_is_not_reused_and_the_next_one_prints()
    {
        await using var renderer = ChromiumFixture.Create(TimeSpan.FromSeconds(4));
        await renderer.RenderAsync(Simple); // the launch is not part of a document's time
        Assert.Equal(1, renderer.PagesOpened);

        var huge = new StringBuilder("<html><body><table>");
        for (var i = 0; i < 60_000; i++)
        {
            huge.Append("<tr><td>row ").Append(i).Append("</td><td>a charge line that takes room</td></tr>");
        }

        var e = await Assert.ThrowsAsync<PdfRenderException>(() => renderer.RenderAsync(huge.Append("</table></body></html>").ToString()));
        Assert.Contains("did not print within 4 s", e.Message, StringComparison.Ordinal);

        using var document = PdfDocument.Open(await renderer.RenderAsync(Simple));
        Assert.Contains("printing", document.GetPage(1).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("row", document.GetPage(1).Text, StringComparison.Ordinal);
        Assert.Equal(1, document.NumberOfPages);

        // The page that was still busy with the slow document was closed; the next document got a new one.
        Assert.Equal(2, renderer.PagesOpened);
    }

    [Fact]
    public async Task A_reused_page_prints_the_next_document_whole_with_nothing_of_the_last_and_javascript_still_off()
    {
        await using var renderer = ChromiumFixture.Create(TimeSpan.FromSeconds(60), pages: 1);
        const string first = """
            <html><head><title>First letter</title><style>@page { size: A5 landscape; } body { font-size: 40pt; }</style></head>
            <body><p>Alpha confidential</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></body></html>
            """;
        const string second = "<html><body><p>Beta</p><script>document.write('script ran')</script></body></html>";

        using var before = PdfDocument.Open(await renderer.RenderAsync(first));
        using var after = PdfDocument.Open(await renderer.RenderAsync(second));

        Assert.Contains("Alpha", before.GetPage(1).Text, StringComparison.Ordinal);
        Assert.True(before.GetPage(1).Width > before.GetPage(1).Height, "The first document is A5 landscape.");
        var page = Assert.Single(after.GetPages());
        Assert.InRange(page.Width, 594, 597); // A4 portrait again (the printer's A4): the first document's @page went with it
        Assert.InRange(page.Height, 840, 843);
        Assert.Contains("Beta", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Alpha", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("confidential", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("script", page.Text, StringComparison.Ordinal);
        Assert.Equal(1, renderer.PagesOpened); // the same page printed both
    }

    [Fact]
    public async Task A_document_over_the_page_limit_fails_with_its_page_count()
    {
        await using var renderer = new Comms.Infrastructure.Pdf.ChromiumPdfRenderer(
            Microsoft.Extensions.Options.Options.Create(new Comms.Infrastructure.Pdf.ChromiumOptions { MaxPages = 2 }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Comms.Infrastructure.Pdf.ChromiumPdfRenderer>.Instance);
        const string threePages = "<html><body><p>1</p><p style=\"break-before:page\">2</p><p style=\"break-before:page\">3</p></body></html>";

        var e = await Assert.ThrowsAsync<PdfRenderException>(() => renderer.RenderAsync(threePages));

        Assert.Contains("3 pages; a letter may have at most 2", e.Message, StringComparison.Ordinal);
        await renderer.RenderAsync(Simple);
    }

    [Fact]
    public async Task A_crashed_browser_is_launched_again_for_the_next_document()
    {
        await using var renderer = ChromiumFixture.Create(TimeSpan.FromSeconds(60));
        await renderer.RenderAsync(Simple);
        var first = renderer.BrowserProcessId ?? throw new InvalidOperationException("No browser process.");

        // The browser this test's renderer started, killed by its own id.
        using (var process = Process.GetProcessById(first))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        using var document = PdfDocument.Open(await renderer.RenderAsync(Simple));
        Assert.Contains("printing", document.GetPage(1).Text, StringComparison.Ordinal);
        Assert.NotEqual(first, renderer.BrowserProcessId);
    }

    [Fact]
    public async Task Documents_print_side_by_side_in_the_one_browser()
    {
        await using var renderer = ChromiumFixture.Create(TimeSpan.FromSeconds(60), pages: 3);

        var pdfs = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => renderer.RenderAsync($"<html><body><p>Letter {i}</p></body></html>")));

        for (var i = 0; i < pdfs.Length; i++)
        {
            using var document = PdfDocument.Open(pdfs[i]);
            Assert.Contains($"Letter{i + 1}", document.GetPage(1).Text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        Assert.InRange(renderer.PagesOpened, 1, 3); // warm pages reused, never more than the pages at once
    }
}
