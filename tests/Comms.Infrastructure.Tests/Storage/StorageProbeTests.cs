using Azure.Data.Tables;
using Comms.Core.Ports;
using Comms.Infrastructure.Storage;
using Comms.Testing;

namespace Comms.Infrastructure.Tests.Storage;

public sealed class StorageProbeTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    [Fact]
    public async Task Azurite_is_reachable() =>
        Assert.True(await fixture.Get<IStorageProbe>().IsReachableAsync());

    [Fact]
    public async Task A_closed_port_is_not_reachable()
    {
        // A port that was free a moment ago: nothing listens there. No retries, so the refusal comes back at once.
        var port = FreePort.Next();
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        var parts = fixture.ConnectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("TableEndpoint=", StringComparison.Ordinal))
            .Append($"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1");
        var client = new TableServiceClient(string.Join(';', parts), options);

        Assert.False(await new StorageProbe(client).IsReachableAsync());
    }
}
