using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Comms.Infrastructure.Tests.Channels;

/// <summary>
/// A minimal SMTP server that answers RCPT TO with a fixed reply, to see how the sender treats a refusal
/// (MailDev accepts every recipient).
/// </summary>
internal sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly string recipientReply;
    private readonly Task serving;

    public ScriptedSmtpServer(string recipientReply)
    {
        this.recipientReply = recipientReply;
        listener.Start();
        serving = ServeAsync(stop.Token);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await serving;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // Stopped while waiting for a client or a line.
        }

        stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(cancellationToken);
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 scripted.test ESMTP");
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                await writer.WriteLineAsync(verb switch
                {
                    "EHLO" or "HELO" => "250 scripted.test",
                    "MAIL" or "RSET" or "NOOP" => "250 2.0.0 OK",
                    "RCPT" => recipientReply,
                    "QUIT" => "221 2.0.0 Bye",
                    _ => "502 5.5.2 Not implemented",
                });
                if (verb == "QUIT")
                {
                    break;
                }
            }
        }
    }
}
