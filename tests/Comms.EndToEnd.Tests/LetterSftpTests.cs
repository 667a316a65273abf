using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;

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

    /// <summary>
    /// Gather reads the account from CMP: its first attempt gets no answer within the per-attempt timeout, its second a
    /// 500, its third the account; the letter goes to the print house with CMP's name, address and merge fields.
    /// </summary>
    [HostFact]
    public async Task A_letter_whose_account_cmp_answers_slowly_then_with_500_then_200_is_printed_with_cmps_data()
    {
        var (id, accountId) = ("e2e-cmp-" + Guid.NewGuid().ToString("N"), "ACC-CMP-" + Guid.NewGuid().ToString("N")[..12]);
        fixture.Cmp.SetAccount(accountId, """
            {"accountId": "x", "name": "Grace Hopper", "postalAddress": {"lines": ["7 Compiler Way"], "city": "York", "postcode": "YO1 7HH", "country": "GB"},
             "locale": "en-GB", "timeZone": "Europe/London", "fields": {"invoiceNumber": "INV-CMP-77", "amountDue": 12.5, "dueDate": "2026-12-24"}}
            """);
        var before = fixture.Cmp.Seen.Count(s => s.RawTarget.EndsWith(accountId, StringComparison.Ordinal));
        fixture.Cmp.HangNext();
        fixture.Cmp.FailNext(500);

        using (var response = await fixture.Host.SubmitAsync(new { requestId = id, accountId, commsType = "FinalDemand", channel = "letter" }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        var view = await fixture.Host.WaitForStatusAsync(id, Letters.Patience, "sent", "failed");
        Assert.Equal("sent", view.GetProperty("status").GetString());
        // At least the three scripted attempts (an answered one may also time out on a loaded machine; CmpAccountDataTests counts exactly).
        Assert.True(fixture.Cmp.Seen.Count(s => s.RawTarget.EndsWith(accountId, StringComparison.Ordinal)) - before >= 3);
        var html = await Eventually.Get(
            () => Task.FromResult(File.Exists(Path.Combine(fixture.Sftp.DataPath, fixture.ArchiveDirectory, accountId, id, "letter.html"))
                ? File.ReadAllText(Path.Combine(fixture.Sftp.DataPath, fixture.ArchiveDirectory, accountId, id, "letter.html"))
                : null),
            Letters.Patience,
            "the archived letter");
        Assert.Contains("Grace Hopper", html, StringComparison.Ordinal);
        Assert.Contains("7 Compiler Way", html, StringComparison.Ordinal);
        Assert.Contains("INV-CMP-77", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fixture.Sftp.DataPath, fixture.PrintHouseDirectory, $"{id}.pdf")));
    }

    [HostFact]
    public async Task A_request_for_an_account_cmp_does_not_know_fails_with_the_reason_and_prints_nothing()
    {
        var (id, accountId) = ("e2e-cmp-" + Guid.NewGuid().ToString("N"), "ACC-GONE-" + Guid.NewGuid().ToString("N")[..12]);
        fixture.Cmp.SetMissing(accountId);

        using (var response = await fixture.Host.SubmitAsync(new { requestId = id, accountId, commsType = "FinalDemand", channel = "letter", data = new { invoiceNumber = "INV-1" } }))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        }

        var view = await fixture.Host.WaitForStatusAsync(id, Letters.Patience, "failed", "sent");
        Assert.Equal("failed", view.GetProperty("status").GetString());
        Assert.Contains($"CMP has no account '{accountId}'", view.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(fixture.Sftp.DataPath, fixture.PrintHouseDirectory, $"{id}.pdf")));
    }

    [Collection(LetterSftpCollection.Name)]
    public sealed class OnServer(LetterSftpFixture.OnServer fixture) : LetterSftpTests(fixture);

    [Collection(LetterSftpFunctionsCollection.Name)]
    public sealed class OnFunctions(LetterSftpFixture.OnFunctions fixture) : LetterSftpTests(fixture);
}
