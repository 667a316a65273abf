namespace Comms.Core.Ports;

/// <summary>Prints an HTML document (with its print CSS) to PDF: the role Prince XML plays in the seed.</summary>
public interface IPdfRenderer
{
    /// <summary>The PDF of <paramref name="html"/>. The page may load nothing but the HTML itself.</summary>
    /// <exception cref="PdfRenderException">The document cannot be printed (the printer failed or took too long).</exception>
    Task<byte[]> RenderAsync(string html, CancellationToken cancellationToken = default);
}
