using System.Net;
using System.Net.Sockets;

namespace Comms.Testing;

/// <summary>
/// Loopback ports for the processes the tests start (Azurite, MailDev, hosts, fakes). They come from 20000–31999,
/// below Linux's ephemeral range (32768–60999): a port the OS hands out for a bind to port 0 (the Functions host's
/// worker channel, say) is taken from that range, and once collided with a port given out here between the check
/// and the bind. Handed out in turn from a random start, so the same process never gets the same port twice.
/// </summary>
public static class FreePort
{
    private const int First = 20000;
    private const int Count = 12000;
    private static readonly int Start = Random.Shared.Next(Count);
    private static int handedOut;

    public static int Next()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + ((Start + Interlocked.Increment(ref handedOut)) % Count);
            if (IsFree(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port in {First}–{First + Count - 1}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
