using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;
using Xunit.Abstractions;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// One Event Grid delivery of thousands of events that match no request (the suite's 2,000; <c>COMMS_SCENARIO_EVENTS</c>
/// for the full size, scripts/scenarios/run.sh): answered in one go, every event kept, written in batch transactions
/// rather than row by row. Its own Azurite, so that its rows crowd no other test's rejected list.
/// </summary>
public abstract class EventGridBulkTests(HostKind kind, ITestOutputHelper output)
{
    [HostFact]
    public async Task Thousands_of_unmatched_events_in_one_delivery_are_kept_in_bulk()
    {
        var count = Environment.GetEnvironmentVariable("COMMS_SCENARIO_EVENTS") is { Length: > 0 } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 2000;
        await using var azurite = await Azurite.StartAsync();
        await using var host = CommsHost.Create(kind, CommsFixture.Settings(azurite, await MailDev.SharedAsync(), "bulk" + Guid.NewGuid().ToString("N")[..8]));
        await host.StartAsync();
        var batch = "[" + string.Join(",", Enumerable.Range(0, count).Select(i =>
            $$$"""{"id":"e{{{i}}}","eventType":"Microsoft.Communication.SMSDeliveryReportReceived","data":{"messageId":"m{{{i}}}","deliveryStatus":"Delivered"}}""")) + "]";
        var clock = Stopwatch.StartNew();

        using var response = await host.Http.PostAsync("api/events/acs", new StringContent(batch, Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((count, 0), (answer.GetProperty("kept").GetInt32(), answer.GetProperty("recorded").GetInt32()));
        output.WriteLine($"{kind}: {count} unmatched events ({batch.Length / 1024} KB) kept in {clock.Elapsed.TotalSeconds:0.0} s");
        using var rejected = await host.Http.GetAsync("api/rejected?pageSize=100");
        Assert.Equal(100, (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength());
    }

    public sealed class OnServer(ITestOutputHelper output) : EventGridBulkTests(HostKind.Server, output);

    public sealed class OnFunctions(ITestOutputHelper output) : EventGridBulkTests(HostKind.Functions, output);
}
