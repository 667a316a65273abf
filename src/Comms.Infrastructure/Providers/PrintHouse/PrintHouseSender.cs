using System.Globalization;
using System.Text;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Infrastructure.Pdf;

namespace Comms.Infrastructure.Providers.PrintHouse;

/// <summary>
/// The seed's Letter daemon: hands the letter's PDF to the print house as <c>{requestId}.pdf</c>, then its manifest
/// line (request id, pages, SHA-256) as <c>{requestId}.manifest</c>. The names are the same on every attempt, so a
/// retry replaces and never duplicates; the manifest comes last, so its presence means the PDF is complete.
/// A letter is <see cref="CommsStatus.Sent"/> once the print house has it; the print house reports posting later.
/// </summary>
public sealed class PrintHouseSender(IPrintHouseDrop drop) : IMessageSender
{
    public Channel Channel => Channel.Letter;

    public static string PdfName(string requestId) => requestId + ".pdf";

    public static string ManifestName(string requestId) => requestId + ".manifest";

    /// <summary>The manifest line: <c>{requestId},{pages},{sha256}</c> and a line feed.</summary>
    public static string ManifestLine(string requestId, ReadOnlySpan<byte> pdf) =>
        string.Create(CultureInfo.InvariantCulture, $"{requestId},{PdfPageCount.Of(pdf)},{Hashing.Sha256Hex(pdf)}\n");

    public async Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var pdf = message.Document(ChannelParts.Pdf);
        await drop.PutAsync(PdfName(message.RequestId), pdf, cancellationToken);
        await drop.PutAsync(ManifestName(message.RequestId), Encoding.UTF8.GetBytes(ManifestLine(message.RequestId, pdf.Span)), cancellationToken);
        return new SendReceipt(drop.Name, PdfName(message.RequestId), CommsStatus.Sent);
    }
}
