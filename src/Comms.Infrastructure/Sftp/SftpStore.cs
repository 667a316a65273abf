using Comms.Core.Ports;
using Comms.Infrastructure.Channels;
using Comms.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Comms.Infrastructure.Sftp;

/// <summary>
/// Files on one SFTP server, the one place that connects to SFTP (print house and archive). A file is written under a
/// temporary name and then renamed over its final name, so a reader never sees a partial file and a repeated write
/// replaces the earlier one. Every connection checks the server's host key against the pinned fingerprint.
/// </summary>
public sealed class SftpStore(SftpOptions options)
{
    private const string TemporaryPrefix = ".partial-";

    public SftpOptions Options => options;

    /// <summary>
    /// The SFTP settings under <paramref name="section"/> (<see cref="SftpOptions.PrintHouseSection"/> or
    /// <see cref="SftpOptions.ArchiveSection"/>), validated at startup, and the store on them.
    /// </summary>
    public static IServiceCollection AddSftpStore(IServiceCollection services, string section)
    {
        services.AddOptions<SftpOptions>(section).BindConfiguration(section).ValidateProblems(o => o.Problems(section)).ValidateOnStart();
        services.AddKeyedSingleton(section, (sp, _) => new SftpStore(sp.GetRequiredService<IOptionsMonitor<SftpOptions>>().Get(section)));
        return services;
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="segments"/> (joined with '/') under the configured folder.</summary>
    public async Task UploadAsync(Stream content, IReadOnlyList<string> segments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(segments);
        var folder = path[..path.LastIndexOf('/')];
        var temporary = $"{folder}/{TemporaryPrefix}{Guid.NewGuid():N}-{segments[^1]}";
        using var client = await ConnectAsync(cancellationToken);
        await CreateFoldersAsync(client, folder, cancellationToken);
        try
        {
            await client.UploadFileAsync(content, temporary, cancellationToken);

            // The POSIX rename (an OpenSSH extension) replaces an existing file atomically; the plain SFTP rename refuses to.
            client.RenameFile(temporary, path, isPosix: true);
        }
        catch
        {
            await DeleteQuietlyAsync(client, temporary);
            throw;
        }
    }

    /// <summary>The bytes of a file, or null when there is none.</summary>
    public async Task<byte[]?> DownloadAsync(IReadOnlyList<string> segments, CancellationToken cancellationToken = default)
    {
        var path = PathOf(segments);
        using var client = await ConnectAsync(cancellationToken);
        using var buffer = new MemoryStream();
        try
        {
            await client.DownloadFileAsync(path, buffer, cancellationToken);
        }
        catch (SftpPathNotFoundException)
        {
            return null;
        }

        return buffer.ToArray();
    }

    /// <summary>A connected client, after the server proved it holds the pinned host key.</summary>
    public async Task<SftpClient> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var methods = new List<AuthenticationMethod>();
        if (!string.IsNullOrWhiteSpace(options.PrivateKeyPath))
        {
            methods.Add(new PrivateKeyAuthenticationMethod(options.UserName, new PrivateKeyFile(options.PrivateKeyPath)));
        }

        if (!string.IsNullOrEmpty(options.Password))
        {
            methods.Add(new PasswordAuthenticationMethod(options.UserName, options.Password));
        }

        var expected = Fingerprint(options.HostKeySha256);
        string? presented = null;
        var client = new SftpClient(new ConnectionInfo(options.Host, options.Port, options.UserName, [.. methods]) { Timeout = options.Timeout });
        client.OperationTimeout = options.Timeout;
        client.HostKeyReceived += (_, e) =>
        {
            presented = Fingerprint(e.FingerPrintSHA256);
            e.CanTrust = expected.Length > 0 && string.Equals(presented, expected, StringComparison.Ordinal);
        };
        try
        {
            await client.ConnectAsync(cancellationToken);
            return client;
        }
        catch (SshConnectionException e) when (presented is not null && presented != expected)
        {
            client.Dispose();

            // Retrying cannot make the key match: only a corrected setting (or the real server) can.
            throw new PermanentSendException(
                $"The SFTP server {options.Host}:{options.Port} presented host key SHA256:{presented}, not the pinned {options.HostKeySha256}; refusing to connect.", e);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The base64 part of a SHA-256 fingerprint, without the <c>SHA256:</c> prefix or padding.</summary>
    private static string Fingerprint(string value) =>
        (value.StartsWith("SHA256:", StringComparison.Ordinal) ? value["SHA256:".Length..] : value).Trim().TrimEnd('=');

    private string PathOf(IReadOnlyList<string> segments)
    {
        // The same segment rules as the blob names: an id cannot climb out of its folder.
        var relative = BlobPaths.Join([.. segments]);
        var root = string.IsNullOrWhiteSpace(options.Directory) ? "." : options.Directory.TrimEnd('/');
        return root.Length == 0 ? "/" + relative : $"{root}/{relative}";
    }

    private static async Task CreateFoldersAsync(SftpClient client, string folder, CancellationToken cancellationToken)
    {
        var current = folder.StartsWith('/') ? "" : null;
        foreach (var part in folder.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current is null ? part : $"{current}/{part}";
            if (part == "." || await client.ExistsAsync(current, cancellationToken))
            {
                continue;
            }

            try
            {
                await client.CreateDirectoryAsync(current, cancellationToken);
            }
            catch (SshException) when (client.Exists(current))
            {
                // Created meanwhile by a concurrent upload.
            }
        }
    }

    private static async Task DeleteQuietlyAsync(SftpClient client, string path)
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DeleteFileAsync(path, CancellationToken.None);
            }
        }
        catch (SshException)
        {
            // Best effort: a leftover temporary name never looks like a delivered file.
        }
    }
}
