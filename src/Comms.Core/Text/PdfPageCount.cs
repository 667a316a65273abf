using System.Text;
using System.Text.RegularExpressions;

namespace Comms.Core.Text;

/// <summary>Counts the pages of a PDF by its page objects (Chromium writes them uncompressed), for the print-house manifest.</summary>
public static partial class PdfPageCount
{
    public static int Of(ReadOnlySpan<byte> pdf) => PageObject().Count(Encoding.Latin1.GetString(pdf));

    [GeneratedRegex(@"/Type\s*/Page(?![A-Za-z])")]
    private static partial Regex PageObject();
}
