using System.Net;
using Azure.Storage.Blobs;
using static Comms.EndToEnd.Tests.StatusFixtures;

namespace Comms.EndToEnd.Tests;

/// <summary>Letters with <c>Comms:Letter:Delivery=Blob</c> and the Blob archive, through the shared Comms.Server.</summary>
[Collection(ServerCollection.Name)]
public class LetterPipelineTests(CommsServerFixture fixture)
{
    [Fact]
    public async Task A_letter_is_sent_to_the_print_outbox_and_archived_byte_identical()
    {
        var (id, accountId) = await Letters.SubmitAsync(fixture.Server);

        var view = await fixture.Server.WaitForStatusAsync(id, Letters.Patience, "sent", "failed");
        Assert.Equal("sent", view.GetProperty("status").GetString());
        view = await fixture.Server.WaitForDocumentsAsync(id, Letters.Patience);
        var downloaded = await Letters.DownloadPdfAsync(fixture.Server, view, id);

        var blobs = new BlobServiceClient(fixture.Azurite.ConnectionString);
        var printed = (await blobs.GetBlobContainerClient("print-outbox").GetBlobClient($"{id}.pdf").DownloadContentAsync()).Value.Content.ToArray();
        var manifest = (await blobs.GetBlobContainerClient("print-outbox").GetBlobClient($"{id}.manifest").DownloadContentAsync()).Value.Content.ToString();
        var archived = (await blobs.GetBlobContainerClient("comms-archive").GetBlobClient($"{accountId}/{id}/letter.pdf").DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(printed, archived);
        Assert.Equal(printed, downloaded);
        Assert.Equal(Letters.ManifestLine(id, printed, pages: 1), manifest);
    }

    [Theory]
    [InlineData("delivered", "delivered")]
    [InlineData("undeliverable", "undeliverable")]
    public async Task The_print_house_reports_a_posted_or_returned_letter_through_the_status_webhook(string report, string expected)
    {
        var (id, _) = await Letters.SubmitAsync(fixture.Server);
        await fixture.Server.WaitForStatusAsync(id, Letters.Patience, "sent");

        using var request = Signed(id, Report(report, externalReference: "PH-" + id[..8], reason: report == "undeliverable" ? "returned: addressee gone away" : null), CommsServerFixture.PrintHouseSecrets[0]);
        using var response = await fixture.Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var view = await fixture.Server.WaitForStatusAsync(id, Letters.Patience, expected);
        var row = Assert.Single(History(view, "partner:printhouse"));
        Assert.Equal(expected, row.GetProperty("status").GetString());
    }
}
