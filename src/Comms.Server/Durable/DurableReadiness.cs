using Comms.Api.Durable;
using Microsoft.DurableTask.Client;

namespace Comms.Server.Durable;

/// <summary>
/// Whether the durable worker can take work: the app has started, the sidecar is not being restarted to free wedged
/// work (<see cref="DurableWedgeRecovery"/>), and it answers a query through its backend.
/// </summary>
public sealed class DurableReadiness(IHostApplicationLifetime lifetime, DurableTaskClient client, DurableWedgeWatch wedge)
{
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        lifetime.ApplicationStarted.IsCancellationRequested && !wedge.Recovering && await DurableProbe.IsReadyAsync(client, cancellationToken);
}
