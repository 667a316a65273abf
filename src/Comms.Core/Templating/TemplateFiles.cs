using System.Globalization;
using System.Text.RegularExpressions;
using Comms.Core.Domain;
using Comms.Core.Text;

namespace Comms.Core.Templating;

/// <summary>One file of a version: <c>[{locale}/]{channel}.{part}.cshtml</c>.</summary>
public sealed record TemplateFile(string Path, string? Locale, Channel Channel, string Part);

/// <summary>
/// The paths of a version's files (README, Template versions): the default (English) files at the top, a locale's in
/// a folder named by the culture (<c>cy-GB/</c>) or its language (<c>cy/</c>); a request in <c>cy-GB</c> takes each
/// part from <c>cy-GB/</c>, else <c>cy/</c>, else the default. The letter's PDF is printed from its HTML, so it has no file.
/// </summary>
public static partial class TemplateFiles
{
    public const string Extension = ".cshtml";

    /// <summary>The file of a channel's part in a locale folder (null: the default).</summary>
    public static string PathOf(string? locale, Channel channel, string part) =>
        (locale is null ? "" : locale + "/") + channel.WireName() + "." + part + Extension;

    /// <summary>The file a path names, or why it names none.</summary>
    public static TemplateFile? Parse(string path, out string? problem)
    {
        problem = null;
        var match = Path().Match(path);
        if (!match.Success)
        {
            problem = "A file is named '[{locale}/]{channel}.{part}.cshtml' (say 'email.subject.cshtml' or 'cy/sms.text.cshtml').";
            return null;
        }

        var channel = ChannelDescriptions.All.FirstOrDefault(c => c.Channel.WireName() == match.Groups["channel"].Value);
        if (channel is null)
        {
            problem = $"'{match.Groups["channel"].Value}' is not a channel; channels are {string.Join(", ", ChannelDescriptions.All.Select(c => c.Channel.WireName()))}.";
            return null;
        }

        var part = match.Groups["part"].Value;
        var parts = channel.Parts.Where(p => p.Part != ChannelParts.Pdf).Select(p => p.Part).ToList();
        if (!parts.Contains(part))
        {
            problem = $"The {channel.Channel.WireName()} channel has the parts {string.Join(", ", parts)}, not '{part}'.";
            return null;
        }

        var locale = match.Groups["locale"].Success ? match.Groups["locale"].Value : null;
        if (locale is not null && !IsCulture(locale))
        {
            problem = $"'{locale}' is not a known culture name (say 'cy' or 'cy-GB').";
            return null;
        }

        return new TemplateFile(path, locale, channel.Channel, part);
    }

    /// <summary>The path of the file a request in <paramref name="culture"/> renders for a part, if the files have one.</summary>
    public static string? Resolve(IReadOnlyDictionary<string, string> files, Channel channel, string part, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(files);
        return LocaleFallbacks(culture).Select(locale => PathOf(locale, channel, part)).FirstOrDefault(files.ContainsKey);
    }

    /// <summary>
    /// The locales a request in <paramref name="culture"/> renders with, in the order they are tried: the culture
    /// (<c>cy-GB</c>), its language (<c>cy</c>), then null for the default templates (English). One rule for a version's
    /// files and the embedded templates (README, Templates and locales).
    /// </summary>
    public static IEnumerable<string?> LocaleFallbacks(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        foreach (var locale in new[] { culture.Name, culture.TwoLetterISOLanguageName }.Where(l => l.Length > 0 && l != "iv").Distinct(StringComparer.Ordinal))
        {
            yield return locale;
        }

        yield return null;
    }

    /// <summary>A comms type is a plain name (letters, then letters and digits), so it can never reach another file or blob by its characters.</summary>
    public static bool IsCommsTypeName(string? commsType) => commsType is { Length: > 0 and <= 64 } && CommsTypeName().IsMatch(commsType);

    private static bool IsCulture(string name)
    {
        try
        {
            return CultureInfo.GetCultureInfo(name, predefinedOnly: true).Name.Equals(name, StringComparison.OrdinalIgnoreCase);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?:(?<locale>[a-z]{2,3}(?:-[A-Z]{2})?)/)?(?<channel>[A-Za-z]+)\.(?<part>[a-z]+)\.cshtml$")]
    private static partial Regex Path();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]*$")]
    private static partial Regex CommsTypeName();
}
