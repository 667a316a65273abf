using Comms.Core.Domain;

namespace Comms.Core.Text;

/// <summary>The rendered parts each channel is made of, with the content type of each.</summary>
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

    public static IReadOnlyList<(string Part, string ContentType, string FileName)> For(Channel channel) => channel switch
    {
        Channel.Email => [(Subject, "text/plain; charset=utf-8", "subject.txt"), (Html, "text/html; charset=utf-8", "email.html")],
        Channel.Online => [(Title, "text/plain; charset=utf-8", "title.txt"), (Body, "text/plain; charset=utf-8", "body.txt")],
        Channel.Sms => [(Text, "text/plain; charset=utf-8", "sms.txt")],
        Channel.PushToHandset => [(Title, "text/plain; charset=utf-8", "title.txt"), (Body, "text/plain; charset=utf-8", "body.txt")],
        Channel.PushToExternal => [(Body, "application/json", "payload.json")],
        Channel.Letter => [(Html, "text/html; charset=utf-8", "letter.html"), (Pdf, PdfContentType, "letter.pdf")],
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };

    /// <summary>True for parts that are text (carried as strings); false for documents such as the PDF (carried as bytes).</summary>
    public static bool IsText(string contentType) =>
        contentType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The content type of an archived file by its name (the file names above), for stores that keep no metadata.</summary>
    public static string ContentTypeOf(string fileName)
    {
        foreach (var channel in Enum.GetValues<Channel>())
        {
            foreach (var (_, contentType, name) in For(channel))
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
