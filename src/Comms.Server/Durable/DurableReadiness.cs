using Microsoft.DurableTask.Client;

namespace Comms.Server.Durable;

/// <summary>Whether the durable worker can take work: the app has started and the sidecar answers a query through its backend.</summary>
public sealed class DurableReadiness(IHostApplicationLifetime lifetime, DurableTaskClient client)
{
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return false;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await client.GetInstanceAsync("health-probe", getInputsAndOutputs: false, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }
}
