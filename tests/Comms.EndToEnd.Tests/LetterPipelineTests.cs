using System.Net;
using Azure.Storage.Blobs;
using Comms.EndToEnd.Tests.Hosts;
using static Comms.EndToEnd.Tests.StatusFixtures;

namespace Comms.EndToEnd.Tests;

/// <summary>Letters with <c>Comms:Letter:Delivery=Blob</c> and the Blob archive, through the shared Comms.Server.</summary>
public abstract class LetterPipelineTests(CommsFixture fixture)
{
    [HostFact]
    public async Task A_letter_is_sent_to_the_print_outbox_and_archived_byte_identical()
    {
        var (id, accountId) = await Letters.SubmitAsync(fixture.Host);

        var view = await fixture.Host.WaitForStatusAsync(id, Letters.Patience, "sent", "failed");
        Assert.Equal("sent", view.GetProperty("status").GetString());
        view = await fixture.Host.WaitForDocumentsAsync(id, Letters.Patience);
        var downloaded = await Letters.DownloadPdfAsync(fixture.Host, view, id);

        var blobs = new BlobServiceClient(fixture.Azurite.ConnectionString);
        var printed = (await blobs.GetBlobContainerClient("print-outbox").GetBlobClient($"{id}.pdf").DownloadContentAsync()).Value.Content.ToArray();
        var manifest = (await blobs.GetBlobContainerClient("print-outbox").GetBlobClient($"{id}.manifest").DownloadContentAsync()).Value.Content.ToString();
        var archived = (await blobs.GetBlobContainerClient("comms-archive").GetBlobClient($"{accountId}/{id}/letter.pdf").DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(printed, archived);
        Assert.Equal(printed, downloaded);
        Assert.Equal(Letters.ManifestLine(id, printed, pages: 1), manifest);
    }

    [HostTheory]
    [InlineData("delivered", "delivered")]
    [InlineData("undeliverable", "undeliverable")]
    public async Task The_print_house_reports_a_posted_or_returned_letter_through_the_status_webhook(string report, string expected)
    {
        var (id, _) = await Letters.SubmitAsync(fixture.Host);
        await fixture.Host.WaitForStatusAsync(id, Letters.Patience, "sent");

        using var request = Signed(id, Report(report, externalReference: "PH-" + id[..8], reason: report == "undeliverable" ? "returned: addressee gone away" : null), CommsFixture.PrintHouseSecrets[0]);
        using var response = await fixture.Host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var view = await fixture.Host.WaitForStatusAsync(id, Letters.Patience, expected);
        var row = Assert.Single(History(view, "partner:printhouse"));
        Assert.Equal(expected, row.GetProperty("status").GetString());
    }

    [Collection(ServerCollection.Name)]
    public sealed class OnServer(CommsFixture.OnServer fixture) : LetterPipelineTests(fixture);

    [Collection(FunctionsCollection.Name)]
    public sealed class OnFunctions(CommsFixture.OnFunctions fixture) : LetterPipelineTests(fixture);
}
