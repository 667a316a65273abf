using Comms.Core.Consent;
using Comms.Core.Ports;
using Comms.Infrastructure.Storage;

namespace Comms.Infrastructure.Tests.Storage;

/// <summary><c>CommsConsent</c> and <c>CommsAddresses</c> on Azurite, read back as the policy reads them.</summary>
public sealed class ConsentStoreTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private IConsentStore Store => fixture.Get<IConsentStore>();

    [Fact]
    public async Task Preferences_replace_their_category_and_channel_and_every_change_stays_in_the_history_newest_first()
    {
        var account = StorageFixture.NewId("acc");
        await Store.SetPreferencesAsync(account, [
            new Preference("marketing", "email", true, new ConsentEvidence(T0, "webForm", "customer", "mkt-v3")),
            new Preference("billing", "*", true, new ConsentEvidence(T0, "webForm", "customer")),
        ]);
        await Store.SetPreferencesAsync(account, [new Preference("marketing", "email", false, new ConsentEvidence(T0.AddDays(1), "unsubscribeLink", "recipient", Detail: "List-Unsubscribe"))]);

        var current = await Store.GetPreferencesAsync(account);
        Assert.Equal(2, current.Count);
        Assert.Equal(new Preference("marketing", "email", false, new ConsentEvidence(T0.AddDays(1), "unsubscribeLink", "recipient", null, "List-Unsubscribe")), current.Single(p => p.Category == "marketing"));
        var history = await Store.GetHistoryAsync(account, 10);
        Assert.Equal([(false, "unsubscribeLink"), (true, "webForm"), (true, "webForm")], history.Select(h => (h.OptedIn, h.Evidence.Method)));
        Assert.Single(await Store.GetHistoryAsync(account, 1));
        Assert.Empty(await Store.GetPreferencesAsync(StorageFixture.NewId("acc")));
    }

    [Fact]
    public async Task An_address_is_blocked_opened_and_marked_invalid_and_remembers_the_accounts_written_to()
    {
        var address = ContactAddresses.Sms("+4477009" + Random.Shared.Next(10000, 99999));
        Assert.Equal(AddressState.Unknown(address), await Store.GetAddressAsync(address));

        await Store.RememberRecipientAsync(address, "ACC-1");
        await Store.RememberRecipientAsync(address, "ACC-1");
        await Store.RememberRecipientAsync(address, "ACC/2");
        Assert.Equal(["ACC-1", "ACC/2"], (await Store.AccountsAtAsync(address)).Order(StringComparer.Ordinal));

        var stop = new ConsentEvidence(T0, "smsReply", "+44", Detail: "STOP");
        var account = StorageFixture.NewId("acc");
        var entry = new ConsentHistoryEntry("*", "sms", false, stop, address);
        await Store.AppendHistoryAsync(account, entry, "acs:event-1");
        await Store.AppendHistoryAsync(account, entry, "acs:event-1");
        await Store.AppendHistoryAsync(account, entry, "acs:event-2");
        Assert.Equal(2, (await Store.GetHistoryAsync(account, 10)).Count);
        await Store.SetBlockedAsync(address, true, stop);
        Assert.Equal(new AddressState(address, true, stop, null), await Store.GetAddressAsync(address));

        await Store.MarkInvalidAsync(address, "acs-sms: Failed (unknown number)");
        await Store.SetBlockedAsync(address, false, stop with { Detail = "START" });
        var state = await Store.GetAddressAsync(address);
        Assert.Equal((false, "START", "acs-sms: Failed (unknown number)"), (state.Blocked, state.BlockedBy?.Detail, state.InvalidReason));
    }
}
