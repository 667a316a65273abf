namespace Comms.Core.Ports;

/// <summary>A document that could not be printed to PDF, with the reason (a printer failure or the time limit).</summary>
public sealed class PdfRenderException : Exception
{
    public PdfRenderException() { }

    public PdfRenderException(string message) : base(message) { }

    public PdfRenderException(string message, Exception innerException) : base(message, innerException) { }
}
