using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Comms.Testing;

/// <summary>A local tool from <c>tools/node_modules</c> (Azurite, MailDev) run for the tests and killed with them.</summary>
public sealed class ToolProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ToolProcess(Process process) => this.process = process;

    public string Output
    {
        get { lock (output) { return output.ToString(); } }
    }

    public static string ToolPath(string name)
    {
        var path = Path.Combine(RepositoryRoot.Path, "tools", "node_modules", ".bin", name);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run 'npm ci' in tools/ (the test script does).");
    }

    public static Task<ToolProcess> StartAsync(string tool, string arguments, params int[] waitForPorts) =>
        StartProgramAsync(ToolPath(tool), arguments, waitForPorts);

    /// <summary>Any program (such as <c>/usr/sbin/sshd</c>), killed with the tests, once it listens on <paramref name="waitForPorts"/>.</summary>
    public static async Task<ToolProcess> StartProgramAsync(string executable, string arguments, params int[] waitForPorts)
    {
        var info = new ProcessStartInfo(executable, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // Held open for the life of the tests: a program may watch it to end itself when the test process dies.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var tp = new ToolProcess(process);
        process.OutputDataReceived += (_, e) => tp.Append(e.Data);
        process.ErrorDataReceived += (_, e) => tp.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => tp.Dispose();
        foreach (var port in waitForPorts)
        {
            await tp.WaitForPortAsync(port, TimeSpan.FromSeconds(60));
        }

        return tp;
    }

    /// <summary>Asks the program to end as Ctrl+C would (SIGINT), and waits for it; killed if it has not ended by then.</summary>
    public async Task InterruptAsync(TimeSpan timeout)
    {
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.StartInfo.FileName} exited with {process.ExitCode}: {Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"{process.StartInfo.FileName} did not listen on {port}: {Output}");
    }
}
