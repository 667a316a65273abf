using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Infrastructure.Sftp;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// The long-term archive on an SFTP server (<c>Comms:Archive:Provider</c> = <c>Sftp</c>): file
/// <c>{accountId}/{requestId}/{name}</c> under <c>Comms:Sftp:Archive:Directory</c>, the same paths as <see cref="BlobArchive"/>.
/// SFTP keeps no metadata: the content type follows from the file name (<see cref="ChannelParts.ContentTypeOf"/>).
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
        var content = await sftp.DownloadAsync([accountId, requestId, name], cancellationToken);
        return content is null ? null : new ArchivedDocument(new MemoryStream(content, writable: false), ChannelParts.ContentTypeOf(name), content.Length);
    }
}
