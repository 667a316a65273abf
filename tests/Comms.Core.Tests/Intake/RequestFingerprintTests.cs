using System.Text.Json.Nodes;
using Comms.Core.Domain;
using Comms.Core.Intake;

namespace Comms.Core.Tests.Intake;

public class RequestFingerprintTests
{
    private static CommsRequest Request(string data) =>
        new("r-1", "A", "InvoiceReady", Channel.Email, new CommsTarget("Ada", "ada@example.com"), JsonNode.Parse(data)!.AsObject(), "en-GB", null, CommsSource.Api);

    [Fact]
    public void The_same_content_in_another_key_order_has_the_same_fingerprint() =>
        Assert.Equal(
            RequestFingerprint.Compute(Request("""{ "a": 1, "b": { "x": true, "y": [1, 2] } }""")),
            RequestFingerprint.Compute(Request("""{ "b": { "y": [1, 2], "x": true }, "a": 1 }""")));

    [Fact]
    public void Different_content_has_a_different_fingerprint()
    {
        var one = RequestFingerprint.Compute(Request("""{ "a": 1 }"""));

        Assert.NotEqual(one, RequestFingerprint.Compute(Request("""{ "a": 2 }""")));
        Assert.NotEqual(one, RequestFingerprint.Compute(Request("""{ "a": 1 }""") with { Channel = Channel.Sms }));
        Assert.NotEqual(one, RequestFingerprint.Compute(Request("""{ "a": 1 }""") with { Source = CommsSource.WorkflowEvent }));
    }
}
