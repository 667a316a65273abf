using System.Text;
using Comms.Core.Webhooks;

namespace Comms.Core.Tests.Webhooks;

public class StandardWebhookTests
{
    // The example of the Standard Webhooks specification's reference libraries.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = """{"test": 2432232314}""";

    [Fact]
    public void Signs_as_the_specification_example() =>
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", StandardWebhook.Sign(StandardWebhook.DecodeSecret(Secret), Id, Timestamp, Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void Verifies_any_of_several_signatures_and_refuses_a_tampered_body()
    {
        var key = StandardWebhook.DecodeSecret(Secret);
        var body = Encoding.UTF8.GetBytes(Body);
        var signature = StandardWebhook.Sign(key, Id, Timestamp, body);
        var header = "v1,bm90LWl0 " + signature;

        Assert.True(StandardWebhook.Verify(key, Id, Timestamp, body, header));
        Assert.False(StandardWebhook.Verify(key, Id, Timestamp, Encoding.UTF8.GetBytes(Body + " "), header));
        Assert.False(StandardWebhook.Verify(key, Id, Timestamp + 1, body, header));
        Assert.False(StandardWebhook.Verify(key, Id, Timestamp, body, "v2," + signature[3..]));
        Assert.False(StandardWebhook.Verify(key, Id, Timestamp, body, "garbage"));
    }

    [Fact]
    public void A_timestamp_is_fresh_within_five_minutes()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

        Assert.True(StandardWebhook.IsFresh(Timestamp - 300, now));
        Assert.False(StandardWebhook.IsFresh(Timestamp - 301, now));
        Assert.False(StandardWebhook.IsFresh(Timestamp + 301, now));
    }

    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]
    [InlineData("whsec_not base64!", false)]
    [InlineData("whsec_", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_secret_is_valid_when_it_holds_a_base64_key(string? secret, bool valid) =>
        Assert.Equal(valid, StandardWebhook.IsValidSecret(secret));
}
