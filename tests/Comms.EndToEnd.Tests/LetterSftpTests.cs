using Comms.EndToEnd.Tests.Hosts;

namespace Comms.EndToEnd.Tests;

/// <summary>Letters to the print house over SFTP, archived on SFTP, through Comms.Server.</summary>
public abstract class LetterSftpTests(LetterSftpFixture fixture)
{
    [HostFact]
    public async Task A_letter_reaches_the_print_house_and_the_sftp_archive_byte_identical()
    {
        var (id, accountId) = await Letters.SubmitAsync(fixture.Host);

        var view = await fixture.Host.WaitForStatusAsync(id, Letters.Patience, "sent", "failed");
        Assert.Equal("sent", view.GetProperty("status").GetString());
        view = await fixture.Host.WaitForDocumentsAsync(id, Letters.Patience);
        var downloaded = await Letters.DownloadPdfAsync(fixture.Host, view, id);

        var printHouse = Path.Combine(fixture.Sftp.DataPath, fixture.PrintHouseDirectory);
        var printed = await File.ReadAllBytesAsync(Path.Combine(printHouse, $"{id}.pdf"));
        var archived = await File.ReadAllBytesAsync(Path.Combine(fixture.Sftp.DataPath, fixture.ArchiveDirectory, accountId, id, "letter.pdf"));
        Assert.Equal(printed, archived);
        Assert.Equal(printed, downloaded);
        Assert.Equal(Letters.ManifestLine(id, printed, pages: 1), await File.ReadAllTextAsync(Path.Combine(printHouse, $"{id}.manifest")));
        Assert.True(File.Exists(Path.Combine(fixture.Sftp.DataPath, fixture.ArchiveDirectory, accountId, id, "letter.html")));
        Assert.DoesNotContain(Directory.GetFiles(printHouse), f => Path.GetFileName(f).StartsWith(".partial-", StringComparison.Ordinal));
    }

    [HostFact]
    public async Task A_letter_the_printer_refuses_fails_with_the_reason_and_the_next_letter_is_sent()
    {
        // Enough charge lines for more pages than the printer accepts.
        var (refused, _) = await Letters.SubmitAsync(fixture.Host, charges: 400);

        var failed = await fixture.Host.WaitForStatusAsync(refused, Letters.Patience, "failed", "sent");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains($"a letter may have at most {LetterSftpFixture.MaxPages}", failed.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fixture.Sftp.DataPath, fixture.PrintHouseDirectory, $"{refused}.pdf")));

        var (next, _) = await Letters.SubmitAsync(fixture.Host);
        var sent = await fixture.Host.WaitForStatusAsync(next, Letters.Patience, "sent", "failed");
        Assert.Equal("sent", sent.GetProperty("status").GetString());
        Assert.True(File.Exists(Path.Combine(fixture.Sftp.DataPath, fixture.PrintHouseDirectory, $"{next}.pdf")));
    }

    [Collection(LetterSftpCollection.Name)]
    public sealed class OnServer(LetterSftpFixture.OnServer fixture) : LetterSftpTests(fixture);

    [Collection(LetterSftpFunctionsCollection.Name)]
    public sealed class OnFunctions(LetterSftpFixture.OnFunctions fixture) : LetterSftpTests(fixture);
}
