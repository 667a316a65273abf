using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Tests.Storage;

public sealed class SendLedgerTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private ISendLedger Ledger => fixture.Get<ISendLedger>();

    [Fact]
    public async Task Claim_counts_attempts_until_the_send_is_accepted()
    {
        var requestId = StorageFixture.NewId("req");

        var first = await Ledger.ClaimAsync(requestId, "send:email", T0);
        var second = await Ledger.ClaimAsync(requestId, "send:email", T0.AddMinutes(1));

        Assert.Equal(new LedgerEntry(requestId, "send:email", T0, 1, null, null, null), first);
        Assert.Equal(new LedgerEntry(requestId, "send:email", T0, 2, null, null, null), second);
        Assert.False(second.Accepted);

        var providerMessageId = "<" + Guid.NewGuid() + "@smtp/relay#1>";
        await Ledger.RecordAcceptedAsync(requestId, "send:email", new SendReceipt("smtp", providerMessageId, CommsStatus.Sent), T0.AddMinutes(2));
        var third = await Ledger.ClaimAsync(requestId, "send:email", T0.AddMinutes(3));

        Assert.True(third.Accepted);
        Assert.Equal(new LedgerEntry(requestId, "send:email", T0, 3, "smtp", providerMessageId, T0.AddMinutes(2), CommsStatus.Sent), third);
        Assert.Equal(requestId, await Ledger.FindRequestIdAsync("smtp", providerMessageId));
        Assert.Null(await Ledger.FindRequestIdAsync("acs", providerMessageId));
        Assert.Null(await Ledger.FindRequestIdAsync("smtp", Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task Purposes_are_claimed_separately()
    {
        var requestId = StorageFixture.NewId("req");

        Assert.Equal(1, (await Ledger.ClaimAsync(requestId, "send:email", T0)).Attempts);
        Assert.Equal(1, (await Ledger.ClaimAsync(requestId, "send:letter", T0)).Attempts);
    }

    [Fact]
    public async Task Concurrent_claims_count_every_attempt()
    {
        var requestId = StorageFixture.NewId("req");

        // Task.Run so the claims overlap and the ETag retry is exercised.
        var entries = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Ledger.ClaimAsync(requestId, "send", T0))));

        Assert.Equal(Enumerable.Range(1, 10), entries.Select(e => e.Attempts).Order());
    }

    [Fact]
    public async Task Recording_an_unclaimed_send_fails() =>
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Ledger.RecordAcceptedAsync(StorageFixture.NewId("req"), "send", new SendReceipt("smtp", Guid.NewGuid().ToString(), CommsStatus.Sent), T0));
}
