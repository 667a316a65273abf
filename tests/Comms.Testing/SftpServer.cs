using System.Diagnostics;
using System.Globalization;

namespace Comms.Testing;

/// <summary>
/// A real OpenSSH server (Debian's <c>/usr/sbin/sshd</c>) on a free loopback port with its own config, host key and
/// client key, serving SFTP with its files under <see cref="DataPath"/>. A fixture starts one and disposes it; should
/// the test process die first, sshd sees its standard input close and ends too.
/// </summary>
public sealed class SftpServer : IAsyncDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private readonly string root;
    private readonly string command;
    private ToolProcess? process;

    private SftpServer(ToolProcess process, string root, string command, int port, string hostKeySha256)
    {
        this.process = process;
        this.root = root;
        this.command = command;
        Port = port;
        HostKeySha256 = hostKeySha256;
    }

    public int Port { get; }

    /// <summary>The server's host key fingerprint, as <c>ssh-keygen -lf KEY -E sha256</c> prints it.</summary>
    public string HostKeySha256 { get; }

    /// <summary>The fingerprint of a key this server does not have.</summary>
    public static string OtherHostKeySha256 => "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=');

    /// <summary>The login of the tests' own user (root here), with <see cref="PrivateKeyPath"/> authorised.</summary>
    public string UserName { get; } = Environment.UserName;

    public string PrivateKeyPath => Path.Combine(root, "client_ed25519");

    /// <summary>The folder SFTP sessions start in: relative paths land here.</summary>
    public string DataPath => Path.Combine(root, "data");

    public string Output => process?.Output ?? "";

    /// <summary>Stops sshd (an archive outage); <see cref="RestartAsync"/> brings the same server back on the same port.</summary>
    public void Stop() => Interlocked.Exchange(ref process, null)?.Dispose();

    public async Task RestartAsync()
    {
        Stop();
        process = await ToolProcess.StartProgramAsync("/bin/sh", command, Port);
    }

    public static async Task<SftpServer> StartAsync()
    {
        if (!File.Exists(Sshd))
        {
            throw new InvalidOperationException($"{Sshd} is missing: apt-get install openssh-server (scripts/install-prerequisites.sh does).");
        }

        var root = Directory.CreateTempSubdirectory("comms-sftp-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "data"));

        // sshd insists on its privilege separation folder even when it never changes user.
        Directory.CreateDirectory("/run/sshd");
        var hostKey = Path.Combine(root, "host_ed25519");
        await RunAsync("ssh-keygen", $"-q -t ed25519 -N \"\" -C comms-test-host -f {hostKey}");
        await RunAsync("ssh-keygen", $"-q -t ed25519 -N \"\" -C comms-test-client -f {Path.Combine(root, "client_ed25519")}");
        File.Copy(Path.Combine(root, "client_ed25519.pub"), Path.Combine(root, "authorized_keys"));
        var fingerprint = (await RunAsync("ssh-keygen", $"-l -E sha256 -f {hostKey}.pub")).Split(' ')[1];

        var port = FreePort.Next();
        var config = Path.Combine(root, "sshd_config");
        await File.WriteAllTextAsync(config, string.Join('\n',
            $"ListenAddress 127.0.0.1",
            $"HostKey {hostKey}",
            $"PidFile {Path.Combine(root, "sshd.pid")}",
            $"AuthorizedKeysFile {Path.Combine(root, "authorized_keys")}",
            "PermitRootLogin yes",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "StrictModes no",
            "LogLevel INFO",
            $"Subsystem sftp internal-sftp -d {Path.Combine(root, "data")}",
            ""));
        var sshd = $"{Sshd} -D -e -f {config} -p {port.ToString(CultureInfo.InvariantCulture)}";
        var command = $"-c \"{sshd} & read _; kill $!\"";
        var process = await ToolProcess.StartProgramAsync("/bin/sh", command, port);
        return new SftpServer(process, root, command, port, fingerprint);
    }

    /// <summary>The settings of an SFTP section (such as <c>Comms__Sftp__PrintHouse</c>) pointing at this server.</summary>
    public Dictionary<string, string> Settings(string prefix, string directory) => new()
    {
        [prefix + "__Host"] = "127.0.0.1",
        [prefix + "__Port"] = Port.ToString(CultureInfo.InvariantCulture),
        [prefix + "__UserName"] = UserName,
        [prefix + "__PrivateKeyPath"] = PrivateKeyPath,
        [prefix + "__Directory"] = directory,
        [prefix + "__HostKeySha256"] = HostKeySha256,
    };

    public ValueTask DisposeAsync()
    {
        Stop();
        DeleteRoot();
        return ValueTask.CompletedTask;
    }

    private void DeleteRoot()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left to the system's temp cleaning.
        }
    }

    private static async Task<string> RunAsync(string program, string arguments)
    {
        var info = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var run = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = await run.StandardOutput.ReadToEndAsync();
        var error = await run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        return run.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"{program} {arguments} exited with {run.ExitCode}: {error}");
    }
}
