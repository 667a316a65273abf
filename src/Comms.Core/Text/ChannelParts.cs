using Comms.Core.Domain;

namespace Comms.Core.Text;

/// <summary>The names of the rendered parts, and what their content types mean; which channel has which is in <see cref="ChannelDescriptions"/>.</summary>
public static class ChannelParts
{
    public const string Subject = "subject";
    public const string Html = "html";
    public const string Title = "title";
    public const string Body = "body";
    public const string Text = "text";

    /// <summary>The letter's PDF, printed from its rendered <see cref="Html"/> rather than from a template of its own.</summary>
    public const string Pdf = "pdf";

    public const string PdfContentType = "application/pdf";

    /// <summary>The parts of a channel (<see cref="ChannelDescriptions"/>).</summary>
    public static IReadOnlyList<ChannelPart> For(Channel channel) => ChannelDescriptions.Of(channel).Parts;

    /// <summary>True for parts that are text (carried as strings); false for documents such as the PDF (carried as bytes).</summary>
    public static bool IsText(string contentType) =>
        contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The content type of an archived file by its name (the file names above), for stores that keep no metadata.</summary>
    public static string ContentTypeOf(string fileName)
    {
        foreach (var description in ChannelDescriptions.All)
        {
            foreach (var (_, contentType, name) in description.Parts)
            {
                if (string.Equals(name, fileName, StringComparison.Ordinal))
                {
                    return contentType;
                }
            }
        }

        return "application/octet-stream";
    }
}
