using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Comms.EndToEnd.Tests.Hosts;
using UglyToad.PdfPig;

namespace Comms.EndToEnd.Tests;

/// <summary>Submitting a letter and checking the PDF that comes out, shared by the Blob and SFTP letter tests.</summary>
internal static class Letters
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public static async Task<(string Id, string AccountId)> SubmitAsync(CommsHost server, int charges = 3)
    {
        var id = "e2e-letter-" + Guid.NewGuid().ToString("N");
        var accountId = "ACC-" + id;
        using var response = await server.SubmitAsync(new
        {
            requestId = id,
            accountId,
            commsType = "InvoiceReady",
            channel = "letter",
            target = new { name = "Ada Lovelace", postalAddress = new { lines = new[] { "12 Analytical Row" }, city = "London", postcode = "NW1 6XE", country = "United Kingdom" } },
            data = new
            {
                invoiceNumber = "INV-" + id[^6..],
                amountDue = 42.50,
                dueDate = "2026-12-01",
                charges = Enumerable.Range(1, charges).Select(i => new { description = $"Charge {i}", amount = 1.5 }).ToArray(),
            },
            locale = "en-GB",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (id, accountId);
    }

    /// <summary>Checks the request's archived PDF (listed with its SHA-256) and returns the bytes the API serves.</summary>
    public static async Task<byte[]> DownloadPdfAsync(CommsHost server, JsonElement view, string id)
    {
        var listed = view.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "letter.pdf");
        Assert.Contains(view.GetProperty("documents").EnumerateArray(), d => d.GetProperty("name").GetString() == "letter.html");
        using var download = await server.Http.GetAsync($"api/comms/{id}/documents/letter.pdf");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        var pdf = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(listed.GetProperty("length").GetInt64(), pdf.Length);
        Assert.Equal(listed.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(pdf)));

        using var document = PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPage(1).GetWords().Select(w => w.Text));
        Assert.Contains("AdaLovelace", text, StringComparison.Ordinal);
        Assert.Contains("NW16XE", text, StringComparison.Ordinal);
        Assert.Contains("£42.50", text, StringComparison.Ordinal);
        return pdf;
    }

    public static string ManifestLine(string id, byte[] pdf, int pages) => $"{id},{pages},{Convert.ToHexStringLower(SHA256.HashData(pdf))}\n";
}
