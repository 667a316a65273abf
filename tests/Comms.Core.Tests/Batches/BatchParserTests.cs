using System.Text;
using System.Text.Json.Nodes;
using Comms.Core.Batches;
using Comms.Core.Domain;
using Comms.Core.Intake;

namespace Comms.Core.Tests.Batches;

/// <summary>The batch envelope, its items and its NDJSON lines (README, Batches): clear errors, nothing accepted that storage would refuse.</summary>
public class BatchParserTests
{
    private static readonly JsonObject Defaults = new() { ["commsType"] = "InvoiceReady", ["channel"] = "email" };

    [Theory]
    [InlineData("""{"defaults":{},"items":[{}]}""", "batchId")]
    [InlineData("""{"batchId":"a:b","items":[{}]}""", "batchId")]
    [InlineData("""{"batchId":"..","items":[{}]}""", "batchId")]
    [InlineData("""{"batchId":"run-1"}""", "items")]
    [InlineData("""{"batchId":"run-1","items":[{}],"itemsBlob":"a.ndjson"}""", "items")]
    [InlineData("""{"batchId":"run-1","items":[]}""", "items")]
    [InlineData("""{"batchId":"run-1","items":{}}""", "items")]
    [InlineData("""{"batchId":"run-1","itemsBlob":"../x.ndjson"}""", "itemsBlob")]
    [InlineData("""{"batchId":"run-1","itemsBlob":"runs//x.ndjson"}""", "itemsBlob")]
    [InlineData("""{"batchId":"run-1","itemsBlob":"/x"}""", "itemsBlob")]
    [InlineData("""{"batchId":"run-1","items":[{}],"defaults":{"target":{}}}""", "defaults.target")]
    [InlineData("""{"batchId":"run-1","batchId":"run-2","items":[{}]}""", "$")]
    public void An_envelope_that_cannot_be_taken_names_the_field(string json, string field)
    {
        var (envelope, errors) = BatchParser.ParseEnvelope(Encoding.UTF8.GetBytes(json));

        Assert.Null(envelope);
        Assert.Contains(field, errors!.Keys);
    }

    [Fact]
    public void More_items_inline_than_allowed_is_refused_and_points_at_the_blob()
    {
        var json = """{"batchId":"big","items":[""" + string.Join(",", Enumerable.Repeat("{}", BatchParser.MaxInlineItems + 1)) + "]}";

        var (_, errors) = BatchParser.ParseEnvelope(Encoding.UTF8.GetBytes(json));

        Assert.Contains("itemsBlob", errors!["items"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_envelope_in_another_key_order_has_the_same_fingerprint()
    {
        var a = BatchParser.ParseEnvelope("""{"batchId":"r","defaults":{"channel":"email","commsType":"X"},"items":[{"a":1,"b":2}]}"""u8).Envelope!;
        var b = BatchParser.ParseEnvelope("""{"items":[{"b":2,"a":1}],"defaults":{"commsType":"X","channel":"email"},"batchId":"r"}"""u8).Envelope!;
        var c = BatchParser.ParseEnvelope("""{"items":[{"b":2,"a":3}],"defaults":{"commsType":"X","channel":"email"},"batchId":"r"}"""u8).Envelope!;

        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, c.Fingerprint);
    }

    [Fact]
    public void An_item_takes_the_defaults_and_overrides_them_under_its_derived_id()
    {
        var item = BatchParser.ParseItem("""{"itemKey":"INV-1","accountId":"A-1","channel":"sms","target":{"phone":"+447700900123"},"cancellationKey":"invoice:INV-1"}"""u8, "run-1", Defaults);

        var request = Assert.IsType<CommsRequest>(item.Request);
        Assert.Equal(("batch:run-1:INV-1", "InvoiceReady", Channel.Sms, CommsSource.Batch, "invoice:INV-1"), (request.RequestId, request.CommsType, request.Channel, request.Source, request.CancellationKey));
    }

    [Fact]
    public void The_business_key_is_the_item_key_when_there_is_none()
    {
        var item = BatchParser.ParseItem("""{"businessKey":"invoice:INV-9:ready","accountId":"A-1","target":{"email":"a@example.com"}}"""u8, "run-1", Defaults);

        Assert.Equal(("batch:run-1:invoice:INV-9:ready", "invoice:INV-9:ready"), (item.Request!.RequestId, item.Request.BusinessKey));
    }

    [Theory]
    [InlineData("""{"accountId":"A"}""", "itemKey")]
    [InlineData("""{"itemKey":"x:resend","accountId":"A"}""", "itemKey")]
    [InlineData("""{"itemKey":"..","accountId":"A"}""", "itemKey")]
    [InlineData("""{"itemKey":"k","accountId":"A","target":{"email":"nope"}}""", "target.email")]
    [InlineData("""{"itemKey":"k"}""", "accountId")]
    [InlineData("""{ not json""", "")]
    [InlineData("""[1,2]""", "")]
    [InlineData("""{"itemKey":"k","itemKey":"j","accountId":"A"}""", "")]
    public void An_invalid_item_gets_a_reason_and_no_request(string line, string field)
    {
        var item = BatchParser.ParseItem(Encoding.UTF8.GetBytes(line), "run-1", Defaults);

        Assert.Null(item.Request);
        Assert.StartsWith(field, item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_53_characters_makes_a_request_id_of_100()
    {
        var key = new string('k', 53);
        var item = BatchParser.ParseItem(Encoding.UTF8.GetBytes($$$"""{"itemKey":"{{{key}}}","accountId":"A","target":{"email":"a@example.com"}}"""), new string('b', 40), Defaults);

        Assert.Equal(100, item.Request!.RequestId.Length);
        Assert.True(RequestIds.IsValid(item.Request.RequestId));
        Assert.Null(BatchParser.ParseItem(Encoding.UTF8.GetBytes($$"""{"itemKey":"{{key}}k","accountId":"A"}"""), "b", Defaults).Request);
    }

    [Fact]
    public void A_batch_item_id_parses_back_and_a_resend_of_one_names_no_item()
    {
        Assert.True(RequestIds.TryParseBatchItem("batch:run-1:invoice:INV-1", out var batchId, out var itemKey));
        Assert.Equal(("run-1", "invoice:INV-1"), (batchId, itemKey));
        Assert.False(RequestIds.TryParseBatchItem(RequestIds.Resend("batch:run-1:k"), out _, out _));
        Assert.False(RequestIds.TryParseBatchItem("we-1-oncreate", out _, out _));
        Assert.False(RequestIds.TryParseBatchItem("batch:run-1", out _, out _));
    }

    [Theory]
    [InlineData("batch:x:y")]
    [InlineData("BATCH:x")]
    public void A_single_request_may_not_take_the_batch_prefix(string requestId)
    {
        var parsed = SubmissionParser.ParseSubmission(Encoding.UTF8.GetBytes($$"""{"requestId":"{{requestId}}","accountId":"A","commsType":"InvoiceReady","channel":"email"}"""), () => "x");

        Assert.Contains("reserved", parsed.Errors!["requestId"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ndjson_lines_keep_their_numbers_skip_blanks_and_flag_a_line_too_long()
    {
        var text = "{\"a\":1}\r\n\n   \n" + new string('x', 40) + "\n{\"b\":2}";
        var lines = new List<NdjsonLine>();
        await foreach (var line in NdjsonLines.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), maxLineBytes: 20))
        {
            lines.Add(line);
        }

        Assert.Equal([1, 4, 5], lines.Select(l => l.Number));
        Assert.Equal("{\"a\":1}\r", Encoding.UTF8.GetString(lines[0].Content!));
        Assert.Null(lines[1].Content);
        Assert.Equal("{\"b\":2}", Encoding.UTF8.GetString(lines[2].Content!));
    }
}
