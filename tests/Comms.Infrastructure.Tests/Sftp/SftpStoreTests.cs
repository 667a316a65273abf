using System.Security.Cryptography;
using System.Text;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Infrastructure.Providers.PrintHouse;
using Comms.Infrastructure.Sftp;
using Comms.Infrastructure.Storage;
using Comms.Testing;

namespace Comms.Infrastructure.Tests.Sftp;

/// <summary>Print-house delivery and the archive against a real OpenSSH SFTP server on loopback.</summary>
public sealed class SftpStoreTests(SftpFixture fixture) : IClassFixture<SftpFixture>
{
    [Fact]
    public async Task The_letter_and_its_manifest_line_arrive_whole()
    {
        var folder = SftpFixture.NewFolder("print");
        var sender = new PrintHouseSender(new SftpPrintHouseDrop(new SftpStore(fixture.Options(folder + "/inbox"))));
        var pdf = FakePdf(pages: 3, size: 300_000);

        var receipt = await sender.SendAsync(Letter("req-sftp-1", pdf));

        Assert.Equal(new SendReceipt("printhouse-sftp", "req-sftp-1.pdf", CommsStatus.Sent), receipt);
        var inbox = Path.Combine(fixture.Server.DataPath, folder, "inbox");
        Assert.Equal(pdf, await File.ReadAllBytesAsync(Path.Combine(inbox, "req-sftp-1.pdf")));
        Assert.Equal($"req-sftp-1,3,{Convert.ToHexStringLower(SHA256.HashData(pdf))}\n", await File.ReadAllTextAsync(Path.Combine(inbox, "req-sftp-1.manifest")));
        Assert.Equal(["req-sftp-1.manifest", "req-sftp-1.pdf"], Directory.GetFiles(inbox).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_upload_cut_off_midway_leaves_no_file_under_its_name_and_the_retry_completes_it()
    {
        var folder = SftpFixture.NewFolder("cut");
        var store = new SftpStore(fixture.Options(folder));
        var content = RandomNumberGenerator.GetBytes(1_000_000);

        await Assert.ThrowsAsync<IOException>(() => store.UploadAsync(new FailingStream(content, failAfter: 400_000), ["req-cut.pdf"]));

        var directory = Path.Combine(fixture.Server.DataPath, folder);
        Assert.Empty(Directory.GetFiles(directory));

        await store.UploadAsync(new MemoryStream(content), ["req-cut.pdf"]);
        await store.UploadAsync(new MemoryStream(content), ["req-cut.pdf"]); // a retry after success replaces

        Assert.Equal("req-cut.pdf", Path.GetFileName(Assert.Single(Directory.GetFiles(directory))));
        Assert.Equal(content, await File.ReadAllBytesAsync(Path.Combine(directory, "req-cut.pdf")));
    }

    [Fact]
    public async Task A_server_without_the_pinned_host_key_is_refused_before_anything_is_written()
    {
        var folder = SftpFixture.NewFolder("pinned");
        var store = new SftpStore(fixture.Options(folder, SftpServer.OtherHostKeySha256));

        var e = await Assert.ThrowsAsync<PermanentSendException>(() => store.UploadAsync(new MemoryStream([1, 2, 3]), ["req-pin.pdf"]));

        Assert.Contains(fixture.Server.HostKeySha256, e.Message, StringComparison.Ordinal);
        Assert.Contains("refusing", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(fixture.Server.DataPath, folder)));
    }

    [Fact]
    public async Task The_archive_on_sftp_keeps_documents_by_account_and_request()
    {
        var folder = SftpFixture.NewFolder("archive");
        var archive = new SftpArchive(new SftpStore(fixture.Options(folder)));
        var pdf = FakePdf(pages: 1, size: 5_000);

        var stored = await archive.StoreAsync("ACC-9", "req-arch-1", "letter.pdf", ChannelParts.PdfContentType, pdf);
        await archive.StoreAsync("ACC-9", "req-arch-1", "letter.html", "text/html; charset=utf-8", Encoding.UTF8.GetBytes("<p>hi</p>"));

        Assert.Equal(new DocumentRef("letter.pdf", "application/pdf", pdf.Length, Convert.ToHexStringLower(SHA256.HashData(pdf))), stored);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(Path.Combine(fixture.Server.DataPath, folder, "ACC-9", "req-arch-1", "letter.pdf")));
        var opened = await archive.OpenAsync("ACC-9", "req-arch-1", "letter.pdf");
        Assert.NotNull(opened);
        Assert.Equal("application/pdf", opened.ContentType);
        using var copy = new MemoryStream();
        await opened.Content.CopyToAsync(copy);
        Assert.Equal(pdf, copy.ToArray());
        Assert.Equal("text/html; charset=utf-8", (await archive.OpenAsync("ACC-9", "req-arch-1", "letter.html"))?.ContentType);
        Assert.Null(await archive.OpenAsync("ACC-9", "req-arch-1", "email.html"));
        Assert.Null(await archive.OpenAsync("ACC-9", "req-other", "letter.pdf"));
        await Assert.ThrowsAsync<ArgumentException>(() => archive.OpenAsync("ACC-9", "..", "letter.pdf"));
    }

    private static OutboundMessage Letter(string requestId, byte[] pdf) => new(
        requestId, "ACC-1", "InvoiceReady", Channel.Letter, new CommsTarget("Ada"), requestId + ":send-letter",
        new Dictionary<string, string> { [ChannelParts.Html] = "<p>letter</p>" },
        new Dictionary<string, ReadOnlyMemory<byte>> { [ChannelParts.Pdf] = pdf });

    /// <summary>Bytes that count as a PDF of <paramref name="pages"/> pages to the manifest's page counter.</summary>
    private static byte[] FakePdf(int pages, int size)
    {
        var head = Encoding.Latin1.GetBytes("%PDF-1.4\n" + string.Concat(Enumerable.Repeat("<< /Type /Page >>\n", pages)) + "<< /Type /Pages >>\n");
        return [.. head, .. RandomNumberGenerator.GetBytes(size)];
    }

    /// <summary>A stream that breaks after <c>failAfter</c> bytes, as a dropped connection would.</summary>
    private sealed class FailingStream(byte[] content, int failAfter) : MemoryStream(content, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => Check(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Check(base.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Check(await base.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Check(int read) => Position > failAfter ? throw new IOException("The connection dropped midway.") : read;
    }
}
