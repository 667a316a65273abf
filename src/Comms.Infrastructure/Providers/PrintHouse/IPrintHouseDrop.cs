namespace Comms.Infrastructure.Providers.PrintHouse;

/// <summary>Where the print house collects letters: its SFTP server, or the <c>print-outbox</c> container.</summary>
public interface IPrintHouseDrop
{
    /// <summary>The provider name recorded on the receipt.</summary>
    string Name { get; }

    /// <summary>Writes a whole file under <paramref name="fileName"/>, replacing a previous one of that name.</summary>
    Task PutAsync(string fileName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);
}
