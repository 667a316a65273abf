using System.Security.Cryptography;
using System.Text;
using Comms.Core.Ports;
using Comms.Infrastructure.Storage;

namespace Comms.Infrastructure.Tests.Storage;

public sealed class BlobStoreTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    [Fact]
    public async Task Work_artefacts_round_trip_and_are_overwritten()
    {
        var store = fixture.Get<IWorkStore>();
        var requestId = StorageFixture.NewId("req");
        var html = Encoding.UTF8.GetBytes("<p>Hello Ann</p>");

        var artefact = await store.PutAsync(requestId, "body.html", "text/html; charset=utf-8", html);

        Assert.Equal($"{requestId}/body.html", artefact.BlobName);
        Assert.Equal("body.html", artefact.Name);
        Assert.Equal(html.Length, artefact.Length);
        Assert.Equal(Sha256(html), artefact.Sha256);
        Assert.Equal(html, await store.GetAsync(artefact.BlobName));
        var properties = (await fixture.Container(StorageNames.WorkContainer).GetBlobClient(artefact.BlobName).GetPropertiesAsync()).Value;
        Assert.Equal("text/html; charset=utf-8", properties.ContentType);

        var retried = Encoding.UTF8.GetBytes("<p>Hello again</p>");
        var second = await store.PutAsync(requestId, "body.html", "text/html; charset=utf-8", retried);
        Assert.Equal(retried, await store.GetAsync(second.BlobName));
        Assert.Equal(Sha256(retried), second.Sha256);
    }

    [Fact]
    public async Task Archived_documents_round_trip_with_their_hash()
    {
        var archive = fixture.Get<IArchive>();
        var (accountId, requestId) = (StorageFixture.NewId("acct"), StorageFixture.NewId("req"));
        var pdf = RandomNumberGenerator.GetBytes(100_000);

        var stored = await archive.StoreAsync(accountId, requestId, "letter.pdf", "application/pdf", pdf);
        var opened = await archive.OpenAsync(accountId, requestId, "letter.pdf");

        Assert.Equal(new Comms.Core.Domain.DocumentRef("letter.pdf", "application/pdf", pdf.Length, Sha256(pdf)), stored);
        Assert.NotNull(opened);
        await using (opened.Content)
        {
            using var copy = new MemoryStream();
            await opened.Content.CopyToAsync(copy);
            Assert.Equal(pdf, copy.ToArray());
        }

        Assert.Equal("application/pdf", opened.ContentType);
        Assert.Equal(pdf.Length, opened.Length);
        var blob = fixture.Container(StorageNames.ArchiveContainer).GetBlobClient($"{accountId}/{requestId}/letter.pdf");
        Assert.Equal(Sha256(pdf), (await blob.GetPropertiesAsync()).Value.Metadata["sha256"]);
    }

    [Fact]
    public async Task A_missing_archived_document_is_null()
    {
        var archive = fixture.Get<IArchive>();
        var (accountId, requestId) = (StorageFixture.NewId("acct"), StorageFixture.NewId("req"));
        await archive.StoreAsync(accountId, requestId, "letter.pdf", "application/pdf", new byte[] { 1, 2, 3 });

        Assert.Null(await archive.OpenAsync(accountId, requestId, "other.pdf"));
        Assert.Null(await archive.OpenAsync(StorageFixture.NewId("acct"), requestId, "letter.pdf"));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("")]
    public async Task Names_cannot_leave_their_folder(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Get<IArchive>().OpenAsync("acct", "req", name));
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Get<IWorkStore>().PutAsync(name, "x.txt", "text/plain", new byte[] { 1 }));
    }
}
