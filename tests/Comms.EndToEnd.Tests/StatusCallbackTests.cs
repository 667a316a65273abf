using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Comms.Core.Domain;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;
using static Comms.EndToEnd.Tests.StatusFixtures;

namespace Comms.EndToEnd.Tests;

/// <summary>Outbound status callbacks to CMP when its receiver is unreliable (the fixture: 3 attempts, 1 s doubling to 2 s).</summary>
public abstract class StatusCallbackTests(CommsFixture fixture) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly HttpClient partner = new() { BaseAddress = fixture.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public void Dispose() => partner.Dispose();

    [HostFact]
    public async Task A_refused_callback_is_retried_with_back_off_under_the_same_webhook_id_until_accepted()
    {
        var id = await SeedRequestAsync(fixture.Azurite, CommsStatus.Sent, "cbflaky-");

        using var response = await partner.SendAsync(Signed(id, Report("delivered"), CommsFixture.PrintHouseSecrets[0]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var attempts = await Eventually.Get(() => Task.FromResult(fixture.Callbacks.For(id) is { Count: >= 3 } a ? a : null), Patience, "three attempts");
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts.Select(a => a.WebhookId).Distinct());
        Assert.Single(attempts.Select(a => a.Body).Distinct());
        Assert.All(attempts, a => Assert.True(a.SignatureValid));
        Assert.All(attempts, a => Assert.Equal("delivered", a.Status));
    }

    [HostFact]
    public async Task A_receiver_that_stays_down_holds_nothing_up_and_the_change_is_kept_after_the_last_attempt()
    {
        var id = await SeedRequestAsync(fixture.Azurite, CommsStatus.Sent, "cbdown-");
        var clock = Stopwatch.StartNew();

        using var response = await partner.SendAsync(Signed(id, Report("delivered"), CommsFixture.PrintHouseSecrets[0]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("delivered", (await fixture.Host.GetCommsAsync(id)).GetProperty("status").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"The report took {clock.Elapsed} while the receiver was down.");
        var webhookId = $"status-{id}-delivered";
        var kept = await Eventually.Get(
            async () =>
            {
                using var rejected = await fixture.Host.Http.GetAsync("api/rejected?pageSize=100");
                var items = (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray();
                return items.Where(i => i.GetProperty("id").GetString() == webhookId).Select(i => (JsonElement?)i.Clone()).FirstOrDefault();
            },
            Patience,
            "the given-up callback in CommsRejected");
        Assert.Equal("statusCallback", kept!.Value.GetProperty("source").GetString());
        Assert.Contains("3 attempts", kept.Value.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, fixture.Callbacks.For(id).Count);
    }

    [Collection(ServerCollection.Name)]
    public sealed class OnServer(CommsFixture.OnServer fixture) : StatusCallbackTests(fixture);

    [Collection(FunctionsCollection.Name)]
    public sealed class OnFunctions(CommsFixture.OnFunctions fixture) : StatusCallbackTests(fixture);
}
