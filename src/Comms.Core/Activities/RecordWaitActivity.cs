using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Telemetry;

namespace Comms.Core.Activities;

/// <summary>
/// Shows a request's wait on its header (<c>waitingFor</c>, <c>waitUntil</c>, <c>lastError</c>), or clears it, and
/// counts retries and unarchived requests.
/// </summary>
public sealed class RecordWaitActivity(IRequestStore requests) : ICommsActivity<RequestWait, bool>
{
    public async Task<bool> RunAsync(RequestWait input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await requests.SetWaitAsync(input, cancellationToken);
        if (input.WaitingFor is WaitReason.Retry or WaitReason.Archive)
        {
            CommsTelemetry.StepRetries.Add(1, new KeyValuePair<string, object?>("comms.wait", input.WaitingFor.Value.ToString()));
        }

        if (input.WaitingFor == WaitReason.Archive && input.Attempt == 1)
        {
            CommsTelemetry.Unarchived.Add(1);
        }
        else if (input.Cleared == WaitReason.Archive)
        {
            CommsTelemetry.Unarchived.Add(-1);
        }

        return true;
    }
}
