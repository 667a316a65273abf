using Comms.Infrastructure.Sftp;

namespace Comms.Infrastructure.Providers.PrintHouse;

/// <summary>The print house's SFTP server (<c>Comms:Letter:Delivery</c> = <c>Sftp</c>, settings <c>Comms:Sftp:PrintHouse</c>).</summary>
public sealed class SftpPrintHouseDrop(SftpStore sftp) : IPrintHouseDrop
{
    public string Name => "printhouse-sftp";

    public async Task PutAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        await sftp.UploadAsync(stream, [fileName], cancellationToken);
    }
}
