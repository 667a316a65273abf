using System.Text.Json.Nodes;
using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Tests.Storage;

public sealed class ProfileAndDetailStoreTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    [Fact]
    public async Task A_profile_round_trips_and_is_replaced_whole()
    {
        var store = fixture.Get<IProfileStore>();
        var accountId = StorageFixture.NewId("acct");
        var profile = new AccountProfile(accountId, "Ann Lee", "ann@example.com", "+447700900123",
            new PostalAddress(["1 High St", "Flat 2"], "Leeds", "LS1 1AA", "GB"), "inst-1", "crm", "en-GB");

        await store.PutAsync(profile);
        var read = await store.GetAsync(accountId);

        Assert.NotNull(read);
        Assert.Equal(profile with { PostalAddress = null }, read with { PostalAddress = null });
        Assert.Equal(["1 High St", "Flat 2"], read.PostalAddress?.Lines);
        Assert.Equal(profile.PostalAddress! with { Lines = null }, read.PostalAddress! with { Lines = null });

        var replaced = new AccountProfile(accountId, "Ann Lee", null, null, null, null, null, "cy-GB");
        await store.PutAsync(replaced);
        Assert.Equal(replaced, await store.GetAsync(accountId));
        Assert.Null(await store.GetAsync(StorageFixture.NewId("acct")));
    }

    [Fact]
    public async Task A_profiles_time_zone_preferred_channel_and_fields_round_trip()
    {
        var store = fixture.Get<IProfileStore>();
        var accountId = StorageFixture.NewId("acct");
        var fields = new JsonObject { ["tariff"] = "Green", ["points"] = 120, ["meter"] = new JsonObject { ["serial"] = "M-1" } };
        var profile = new AccountProfile(accountId, "Ann Lee", "ann@example.com", null, null, null, null, "en-GB", "Europe/London", Channel.PushToHandset, fields);

        await store.PutAsync(profile);
        var read = await store.GetAsync(accountId);

        Assert.NotNull(read);
        Assert.Equal(profile with { Fields = null }, read with { Fields = null });
        Assert.Equal(fields.ToJsonString(), read.Fields?.ToJsonString());

        var without = profile with { TimeZone = null, PreferredChannel = null, Fields = null };
        await store.PutAsync(without);
        Assert.Equal(without, await store.GetAsync(accountId));
    }

    [Fact]
    public async Task A_detail_round_trips_and_is_overwritten()
    {
        var store = fixture.Get<IDetailStore>();
        var requestId = StorageFixture.NewId("req");
        var detail = new CommsDetail(requestId, new CommsTarget("Ann", "ann@example.com"), "en-GB", "paymentReminder", "v1", $"{requestId}/merge.json");

        await store.SaveAsync(detail);
        Assert.Equal(detail, await store.GetAsync(requestId));

        var again = detail with { TemplateVersion = "v2", Target = new CommsTarget(Phone: "+447700900123") };
        await store.SaveAsync(again);
        Assert.Equal(again, await store.GetAsync(requestId));
        Assert.Null(await store.GetAsync(StorageFixture.NewId("req")));
    }
}
