using System.Net;
using System.Text.RegularExpressions;

namespace Comms.Infrastructure.Channels.Email;

/// <summary>
/// A plain-text rendering of an HTML e-mail for its text/plain alternative: good enough for readers that
/// show no HTML and for spam filters, which distrust HTML-only mail. Not a general HTML-to-text converter.
/// </summary>
internal static partial class HtmlText
{
    public static string From(string html)
    {
        var text = InvisibleBlocks().Replace(html, "");
        text = LineBreakingTags().Replace(text, "\n");
        text = Tags().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(line => Spaces().Replace(line, " ").Trim());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    [GeneratedRegex(@"<(head|style|script)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex InvisibleBlocks();

    [GeneratedRegex(@"<br\s*/?>|</(p|div|h[1-6]|li|tr|table)\s*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreakingTags();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[ \t\u00A0]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();
}
