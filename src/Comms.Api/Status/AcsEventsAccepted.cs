namespace Comms.Api.Status;

/// <summary>The 200 answer to an Event Grid batch: how many events landed, were repeats within it, or were kept for inspection.</summary>
public sealed class AcsEventsAccepted
{
    public int Recorded { get; set; }

    public int Duplicates { get; set; }

    /// <summary>Events that match no request (or are not delivery reports), kept in <c>CommsRejected</c>.</summary>
    public int Kept { get; set; }
}
