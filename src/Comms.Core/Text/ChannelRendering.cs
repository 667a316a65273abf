using System.Text;
using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Core.Text;

/// <summary>One rendered part of a channel: its description and content (text parts also as text).</summary>
public sealed record RenderedPart(ChannelPart Part, byte[] Content, string? Text);

/// <summary>
/// The one way a channel's parts are rendered, in order (a letter's PDF printed from its rendered HTML): the Render
/// activity keeps them, the template preview shows them (README, Templates and locales).
/// </summary>
public static class ChannelRendering
{
    public static async Task<IReadOnlyList<RenderedPart>> RenderAsync(
        ITemplateRenderer renderer, IPdfRenderer pdf, TemplateSet set, Channel channel, TemplateModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(pdf);
        var parts = new List<RenderedPart>();
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in ChannelParts.For(channel))
        {
            if (part.Part == ChannelParts.Pdf)
            {
                parts.Add(new RenderedPart(part, await pdf.RenderAsync(texts[ChannelParts.Html], cancellationToken), null));
                continue;
            }

            var text = texts[part.Part] = await renderer.RenderAsync(set, channel, part.Part, model, cancellationToken);
            parts.Add(new RenderedPart(part, Encoding.UTF8.GetBytes(text), text));
        }

        return parts;
    }
}

/// <summary>
/// How an SMS text is carried: GSM-7 (160 characters in one message, 153 per part of a longer one; the extension
/// characters <c>^{}\[~]|€</c> take two) or, for anything outside it, UCS-2 (70, then 67 per part, counting UTF-16 units).
/// </summary>
public sealed record SmsSegments(string Encoding, int Characters, int Segments)
{
    private const string Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "\f^{}\\[~]|€";

    public static SmsSegments Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.All(c => Basic.Contains(c, StringComparison.Ordinal) || Extension.Contains(c, StringComparison.Ordinal)))
        {
            var septets = text.Sum(c => Extension.Contains(c, StringComparison.Ordinal) ? 2 : 1);
            return new SmsSegments("gsm7", septets, septets <= 160 ? 1 : (septets + 152) / 153);
        }

        return new SmsSegments("ucs2", text.Length, text.Length <= 70 ? 1 : (text.Length + 66) / 67);
    }
}
