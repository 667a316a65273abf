using System.Diagnostics;

namespace Comms.Testing;

/// <summary>Waits on a condition with a deadline: the only way tests synchronise with background work.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < timeout)
        {
            try
            {
                var value = await probe();
                if (value is not null)
                {
                    return value;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                last = e;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}.", last);
    }

    public static Task True(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        Get<object>(async () => await probe() ? new object() : null, timeout, what);
}
