using System.Text;
using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Core.Workflow;
using Moq;

namespace Comms.Core.Tests.Activities;

/// <summary>A letter renders its HTML, then prints that HTML to PDF; what the printer says decides the outcome.</summary>
public class LetterRenderTests
{
    private static readonly CommsRequest Request = new("r-9", "ACC-1", "InvoiceReady", Channel.Letter, null, null, "en-GB", null, CommsSource.Api);
    private static readonly GatherResult Gathered = new(new CommsTarget("Ada"), "en-GB", "InvoiceReady", "v1");

    private readonly Mock<ITemplateRenderer> templates = new();
    private readonly Mock<IPdfRenderer> pdf = new();
    private readonly Dictionary<string, byte[]> work = [];
    private readonly Mock<IWorkStore> workStore = new();

    public LetterRenderTests()
    {
        templates.Setup(t => t.RenderAsync(It.Is<TemplateSet>(s => s.CommsType == "InvoiceReady" && s.Files == null), Channel.Letter, ChannelParts.Html, It.IsAny<TemplateModel>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync("<p>letter</p>");
        workStore.Setup(w => w.PutAsync("r-9", It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, string name, string type, ReadOnlyMemory<byte> content, CancellationToken _) =>
            {
                work[name] = content.ToArray();
                return new Artefact(name, type, $"{id}/{name}", content.Length, "sha");
            });
    }

    [Fact]
    public async Task The_pdf_is_printed_from_the_rendered_html()
    {
        pdf.Setup(p => p.RenderAsync("<p>letter</p>", It.IsAny<CancellationToken>())).ReturnsAsync([0x25, 0x50, 0x44, 0x46]);

        var result = await new RenderActivity(Comms.Testing.Templates.SetsOver(templates.Object), pdf.Object, workStore.Object).RunAsync(new RenderInput(Request, Gathered));

        Assert.Equal(["letter.html", "letter.pdf"], result.Artefacts.Select(a => a.Name));
        Assert.Equal(["text/html; charset=utf-8", "application/pdf"], result.Artefacts.Select(a => a.ContentType));
        Assert.Equal("<p>letter</p>", Encoding.UTF8.GetString(work["letter.html"]));
        Assert.Equal([0x25, 0x50, 0x44, 0x46], work["letter.pdf"]);
    }

    [Fact]
    public async Task A_document_the_printer_cannot_print_fails_permanently_with_the_reason()
    {
        pdf.Setup(p => p.RenderAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new PdfRenderException("The document did not print within 30 s."));

        var e = await Assert.ThrowsAsync<PermanentSendException>(() => new RenderActivity(Comms.Testing.Templates.SetsOver(templates.Object), pdf.Object, workStore.Object).RunAsync(new RenderInput(Request, Gathered)));

        Assert.Contains("did not print within 30 s", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("letter.pdf", work.Keys);
    }

    [Fact]
    public async Task With_the_accounts_fields_the_templates_see_the_merge_fields_gather_wrote()
    {
        TemplateModel? seen = null;
        templates.Setup(t => t.RenderAsync(It.Is<TemplateSet>(s => s.CommsType == "InvoiceReady" && s.Files == null), Channel.Letter, ChannelParts.Html, It.IsAny<TemplateModel>(), It.IsAny<CancellationToken>()))
            .Callback((TemplateSet _, Channel _, string _, TemplateModel model, CancellationToken _) => seen = model)
            .ReturnsAsync("<p>letter</p>");
        pdf.Setup(p => p.RenderAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([0x25]);
        workStore.Setup(w => w.GetAsync("r-9/merge-fields.json", It.IsAny<CancellationToken>())).ReturnsAsync("""{"tariff":"Green","invoiceNumber":"INV-1"}"""u8.ToArray());
        var request = Request with { Data = new System.Text.Json.Nodes.JsonObject { ["invoiceNumber"] = "INV-1" } };

        await new RenderActivity(Comms.Testing.Templates.SetsOver(templates.Object), pdf.Object, workStore.Object).RunAsync(new RenderInput(request, Gathered with { MergeFields = "r-9/merge-fields.json" }));

        Assert.Equal("Green", seen?.Text("tariff"));
        Assert.Equal("INV-1", seen?.Text("invoiceNumber"));
    }
}
