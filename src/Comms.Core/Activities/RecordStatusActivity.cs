using Comms.Core.Domain;

namespace Comms.Core.Activities;

public sealed class RecordStatusActivity(StatusRecorder recorder) : ICommsActivity<StatusReport, bool>
{
    public Task<bool> RunAsync(StatusReport input, CancellationToken cancellationToken = default) =>
        recorder.RecordAsync(input, cancellationToken);
}
