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

    /// <summary>
    /// The bulk lane (batch items): reserves like <see cref="ReserveAsync"/> when the slot is within
    /// <see cref="RateWindow.Lookahead"/> of <paramref name="now"/>; a later slot is not reserved, so that single
    /// requests arriving meanwhile go ahead. The item gets a turn in the sender's bulk queue instead (spaced like the
    /// slots) and comes back a lookahead before it; <paramref name="turn"/> is the turn it had, which it keeps.
    /// </summary>
    /// <returns>The reserved slot, or (<c>Reserved</c> false) the item's turn.</returns>
    Task<(DateTimeOffset At, bool Reserved)> ReserveBulkAsync(string senderKey, IReadOnlyList<RateWindow> limits, DateTimeOffset now, DateTimeOffset? turn, CancellationToken cancellationToken = default);

    /// <summary>Pauses the sender until <paramref name="until"/> (a provider's 429 with <c>Retry-After</c>).</summary>
    Task PauseAsync(string senderKey, DateTimeOffset until, CancellationToken cancellationToken = default);
}
