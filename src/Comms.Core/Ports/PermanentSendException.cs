namespace Comms.Core.Ports;

/// <summary>A failure that retrying cannot fix (a rejected address, a missing template, bad data). The workflow does not retry it.</summary>
public class PermanentSendException : Exception
{
    public PermanentSendException() { }

    public PermanentSendException(string message) : base(message) { }

    public PermanentSendException(string message, Exception innerException) : base(message, innerException) { }
}
