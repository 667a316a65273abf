using Microsoft.DurableTask.Client;

namespace Comms.Api.Durable;

/// <summary>The durable half of <c>GET /api/health</c>, the same on both hosts: the client answers a query through the task hub's backend.</summary>
public static class DurableProbe
{
    public const string ProbeInstanceId = "health-probe";

    public static async Task<bool> IsReadyAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await client.GetInstanceAsync(ProbeInstanceId, getInputsAndOutputs: false, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }
}
