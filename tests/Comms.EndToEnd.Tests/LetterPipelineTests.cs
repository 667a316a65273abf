using Azure.Storage.Blobs;

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
}
