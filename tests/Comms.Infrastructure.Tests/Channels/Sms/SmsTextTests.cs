using Comms.Infrastructure.Channels.Sms;
using Comms.Infrastructure.Providers.Acs;

namespace Comms.Infrastructure.Tests.Channels.Sms;

public sealed class SmsTextTests
{
    [Theory]
    [InlineData("Hello", SmsEncoding.Gsm7, 5, 1)]
    [InlineData("Price: £5 @ 10% (ÄÖÜ)", SmsEncoding.Gsm7, 21, 1)]
    [InlineData("Costs €5 [ok]", SmsEncoding.Gsm7, 16, 1)]
    [InlineData("Grüße – 你好", SmsEncoding.Ucs2, 10, 1)]
    public void Measures_encoding_and_units(string text, SmsEncoding encoding, int units, int segments)
    {
        Assert.Equal(new SmsText(encoding, units, segments), SmsText.Measure(text));
    }

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Gsm7_concatenates_at_153_septets(int length, int segments)
    {
        Assert.Equal(segments, SmsText.Measure(new string('a', length)).Segments);
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Ucs2_concatenates_at_67_units(int length, int segments)
    {
        Assert.Equal(segments, SmsText.Measure("–" + new string('a', length - 1)).Segments);
    }
}
