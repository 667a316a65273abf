using System.Text;
using Comms.Core.Domain;
using Comms.Core.Intake;

namespace Comms.Core.Tests.Intake;

public class SubmissionParserTests
{
    private const string Valid = """
        { "requestId": "inv-000123-email", "accountId": "ACC-1001", "commsType": "InvoiceReady", "channel": "email",
          "target": { "name": "Ada Lovelace", "email": "ada@example.com", "phone": "+447700900123",
                      "postalAddress": { "lines": ["1 High Street"], "city": "Leeds", "postcode": "LS1 1AA", "country": "GB" } },
          "data": { "invoiceNumber": "INV-1", "amountDue": 42.50 }, "locale": "en-GB", "sendAt": "2026-11-27T09:00:00Z" }
        """;

    [Fact]
    public void Parses_a_complete_submission()
    {
        var result = Parse(Valid);

        var request = Assert.IsType<CommsRequest>(result.Request);
        Assert.Equal("inv-000123-email", request.RequestId);
        Assert.Equal(Channel.Email, request.Channel);
        Assert.Equal("ada@example.com", request.Target?.Email);
        Assert.Equal(["1 High Street"], request.Target?.PostalAddress?.Lines);
        Assert.Equal(42.50m, request.Data!["amountDue"]!.GetValue<decimal>());
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero), request.SendAt);
        Assert.Equal(CommsSource.Api, request.Source);
    }

    [Fact]
    public void Generates_a_request_id_when_absent()
    {
        var result = Parse("""{ "accountId": "A", "commsType": "InvoiceReady", "channel": "online" }""");

        Assert.Equal("generated", result.Request?.RequestId);
    }

    [Theory]
    [InlineData("{", "$")]
    [InlineData("[1,2]", "$")]
    [InlineData("""{ "commsType": "InvoiceReady", "channel": "email" }""", "accountId")]
    [InlineData("""{ "accountId": "A", "channel": "email" }""", "commsType")]
    [InlineData("""{ "accountId": "A", "commsType": "InvoiceReady" }""", "channel")]
    [InlineData("""{ "accountId": "A", "commsType": "InvoiceReady", "channel": "fax" }""", "channel")]
    [InlineData("""{ "accountId": "A", "commsType": "InvoiceReady", "channel": "1" }""", "channel")]
    [InlineData("""{ "accountId": "A/B", "commsType": "InvoiceReady", "channel": "email" }""", "accountId")]
    [InlineData("""{ "accountId": 7, "commsType": "InvoiceReady", "channel": "email" }""", "accountId")]
    [InlineData("""{ "accountId": "A", "commsType": "../etc/passwd", "channel": "email" }""", "commsType")]
    [InlineData("""{ "requestId": "has space", "accountId": "A", "commsType": "InvoiceReady", "channel": "email" }""", "requestId")]
    [InlineData("""{ "accountId": "A", "commsType": "InvoiceReady", "channel": "email", "target": { "email": "not-an-email" } }""", "target.email")]
    [InlineData("""{ "accountId": "A", "commsType": "InvoiceReady", "channel": "sms", "target": { "phone": "07700 900123" } }""", "target.phone")]
    [InlineData("""{ "accountId": "A", "commsType": "InvoiceReady", "channel": "email", "target": "ada@example.com" }""", "target")]
    [InlineData("""{ "accountId": "A", "commsType": "InvoiceReady", "channel": "email", "data": [1] }""", "data")]
    [InlineData("""{ "accountId": "A", "commsType": "InvoiceReady", "channel": "email", "locale": "xx-NOPE" }""", "locale")]
    [InlineData("""{ "accountId": "A", "commsType": "InvoiceReady", "channel": "email", "sendAt": "tomorrow" }""", "sendAt")]
    [InlineData("""{ "accountId": "A", "commsType": "InvoiceReady", "channel": "letter", "target": { "postalAddress": { "lines": "1 High St" } } }""", "target.postalAddress.lines")]
    public void Names_the_field_that_is_wrong(string json, string field)
    {
        var result = Parse(json);

        Assert.Null(result.Request);
        Assert.Contains(field, result.Errors!.Keys);
    }

    [Fact]
    public void Refuses_an_id_over_100_characters()
    {
        var result = Parse($$"""{ "requestId": "{{new string('a', 101)}}", "accountId": "A", "commsType": "InvoiceReady", "channel": "email" }""");

        Assert.Contains("requestId", result.Errors!.Keys);
    }

    [Fact]
    public void Refuses_deeply_nested_data()
    {
        var json = """{ "accountId": "A", "commsType": "InvoiceReady", "channel": "email", "data": """ + new string('[', 200) + new string(']', 200) + "}";

        Assert.Contains("$", Parse(json).Errors!.Keys);
    }

    [Fact]
    public void Derives_a_workflow_events_request_id_from_the_event_id_and_when_to_create()
    {
        var json = """{ "eventId": "WE-77", "eventType": "AccountClosed", "whenToCreate": "onResolve", "accountId": "ACC-1001", "commsType": "AccountClosed", "channel": "letter" }""";

        var request = SubmissionParser.ParseWorkflowEvent(Encoding.UTF8.GetBytes(json)).Request;

        Assert.Equal("we-we-77-onresolve", request?.RequestId);
        Assert.Equal(CommsSource.WorkflowEvent, request?.Source);
    }

    [Theory]
    [InlineData("""{ "whenToCreate": "onCreate", "accountId": "A", "commsType": "X", "channel": "email" }""", "eventId")]
    [InlineData("""{ "eventId": "E1", "whenToCreate": "sometimes", "accountId": "A", "commsType": "X", "channel": "email" }""", "whenToCreate")]
    [InlineData("""{ "eventId": "E 1", "whenToCreate": "onCreate", "accountId": "A", "commsType": "X", "channel": "email" }""", "eventId")]
    public void Rejects_a_workflow_event_without_its_identity(string json, string field)
    {
        var result = SubmissionParser.ParseWorkflowEvent(Encoding.UTF8.GetBytes(json));

        Assert.Null(result.Request);
        Assert.Contains(field, result.Errors!.Keys);
    }

    [Fact]
    public void Workflow_events_arrive_base64_encoded_or_as_raw_json()
    {
        const string json = """{ "eventId": "E1" }""";
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

        Assert.Equal(json, Encoding.UTF8.GetString(WorkflowEventHandler.Decode(base64)));
        Assert.Equal(json, Encoding.UTF8.GetString(WorkflowEventHandler.Decode(json)));
        Assert.Equal("not json", Encoding.UTF8.GetString(WorkflowEventHandler.Decode("not json")));
    }

    private static ParseResult Parse(string json) => SubmissionParser.ParseSubmission(Encoding.UTF8.GetBytes(json), () => "generated");
}
