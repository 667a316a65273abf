using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Infrastructure.Sftp;
using Renci.SshNet.Common;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// The long-term archive on an SFTP server (<c>Comms:Archive:Provider</c> = <c>Sftp</c>): file
/// <c>{accountId}/{requestId}/{name}</c> under <c>Comms:Sftp:Archive:Directory</c>, the same paths as <see cref="BlobArchive"/>.
/// SFTP keeps no metadata: the content type follows from the file name (<see cref="ChannelParts.ContentTypeOf"/>).
/// A server that cannot be reached is <see cref="ArchiveUnavailableException"/>, which the API answers with 503.
/// </summary>
public sealed class SftpArchive(SftpStore sftp) : IArchive
{
    public async Task<DocumentRef> StoreAsync(string accountId, string requestId, string name, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        await sftp.UploadAsync(stream, [accountId, requestId, name], cancellationToken);
        return new DocumentRef(name, contentType, content.Length, Hashing.Sha256Hex(content.Span));
    }

    public async Task<ArchivedDocument?> OpenAsync(string accountId, string requestId, string name, CancellationToken cancellationToken = default)
    {
        byte[]? content;
        try
        {
            content = await sftp.DownloadAsync([accountId, requestId, name], cancellationToken);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or SshConnectionException or SshOperationTimeoutException or ProxyException or IOException)
        {
            throw new ArchiveUnavailableException($"The SFTP archive {sftp.Options.Host}:{sftp.Options.Port} cannot be reached: {e.Message}", e);
        }

        return content is null ? null : new ArchivedDocument(new MemoryStream(content, writable: false), ChannelParts.ContentTypeOf(name), content.Length);
    }
}
