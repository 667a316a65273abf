namespace Comms.Infrastructure.Providers.Acs;

/// <summary>
/// The encoding and segment count of an SMS text (3GPP TS 23.038): GSM-7 holds 160 septets in one message and
/// 153 per part of a concatenated one, the extension characters taking two; UCS-2 holds 70 UTF-16 units, 67 per part.
/// </summary>
public sealed record SmsText(SmsEncoding Encoding, int Units, int Segments)
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "\f^{}\\[~]|€";

    public static SmsText Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var septets = 0;
        foreach (var c in text)
        {
            if (Basic.Contains(c, StringComparison.Ordinal))
            {
                septets++;
            }
            else if (Extension.Contains(c, StringComparison.Ordinal))
            {
                septets += 2;
            }
            else
            {
                var units = text.Length;
                return new SmsText(SmsEncoding.Ucs2, units, units <= 70 ? 1 : (units + 66) / 67);
            }
        }

        return new SmsText(SmsEncoding.Gsm7, septets, septets <= 160 ? 1 : (septets + 152) / 153);
    }
}
