using Comms.Api.Durable;
using Microsoft.DurableTask.Client;

namespace Comms.Server.Durable;

/// <summary>Whether the durable worker can take work: the app has started and the sidecar answers a query through its backend.</summary>
public sealed class DurableReadiness(IHostApplicationLifetime lifetime, DurableTaskClient client)
{
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        lifetime.ApplicationStarted.IsCancellationRequested && await DurableProbe.IsReadyAsync(client, cancellationToken);
}
