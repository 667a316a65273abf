namespace Comms.Core.Ports;

/// <summary>The archive cannot be reached right now (its server refused, timed out, or dropped the connection): a 503 on read, a retry on store.</summary>
public sealed class ArchiveUnavailableException : Exception
{
    public ArchiveUnavailableException() { }

    public ArchiveUnavailableException(string message) : base(message) { }

    public ArchiveUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
