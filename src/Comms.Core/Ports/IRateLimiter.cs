using Comms.Core.Pacing;

namespace Comms.Core.Ports;

/// <summary>
/// The send slots of each sender, shared by every instance of the app (<c>CommsRateLimits</c>,
/// <c>src/Comms.Infrastructure/Storage/TableRateLimiter.cs</c>).
/// </summary>
public interface IRateLimiter
{
    /// <summary>
    /// Reserves the sender's next slot under <paramref name="limits"/> and any pause: the earliest time, not before
    /// <paramref name="now"/> nor before an earlier reservation, at which one more send keeps every window within its
    /// limit. The caller sends at that time; a reservation it does not use is simply lost.
    /// </summary>
    Task<DateTimeOffset> ReserveAsync(string senderKey, IReadOnlyList<RateWindow> limits, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Pauses the sender until <paramref name="until"/> (a provider's 429 with <c>Retry-After</c>).</summary>
    Task PauseAsync(string senderKey, DateTimeOffset until, CancellationToken cancellationToken = default);
}
