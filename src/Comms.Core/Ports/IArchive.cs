using Comms.Core.Domain;

namespace Comms.Core.Ports;

/// <summary>The long-term archive (the seed's Storage Daemon): documents by account and request, for AgentView.</summary>
public interface IArchive
{
    /// <summary>Writes <c>{accountId}/{requestId}/{name}</c>, replacing what a previous attempt wrote.</summary>
    Task<DocumentRef> StoreAsync(string accountId, string requestId, string name, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Opens an archived document, or null when there is none.</summary>
    Task<ArchivedDocument?> OpenAsync(string accountId, string requestId, string name, CancellationToken cancellationToken = default);
}

public sealed record ArchivedDocument(Stream Content, string ContentType, long Length);
