using Comms.Core.Text;

namespace Comms.Core.Tests.Text;

public class SmsSegmentsTests
{
    [Theory]
    [InlineData("Hi Ada, your invoice is ready.", "gsm7", 30, 1)]
    [InlineData("Pay £42.50 by 1 December", "gsm7", 24, 1)]
    [InlineData("Total: 10€ [net]", "gsm7", 19, 1)] // €, [ and ] take two septets each
    [InlineData("Mae eich anfoneb yn barod ŵ", "ucs2", 27, 1)] // ŵ is outside GSM-7
    public void Short_texts_are_one_segment_in_their_encoding(string text, string encoding, int characters, int segments) =>
        Assert.Equal(new SmsSegments(encoding, characters, segments), SmsSegments.Of(text));

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Long_gsm_texts_split_into_153_septet_parts(int length, int segments) =>
        Assert.Equal(segments, SmsSegments.Of(new string('a', length)).Segments);

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Long_ucs2_texts_split_into_67_unit_parts(int length, int segments) =>
        Assert.Equal(segments, SmsSegments.Of(new string('ŵ', length)).Segments);
}
