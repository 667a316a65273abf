using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Comms.Core.Ports;
using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Text;
using Comms.Core.Webhooks;
using Comms.Infrastructure.Rendering;
using Comms.Infrastructure.Providers.Acs;

namespace Comms.Benchmarks;

/// <summary>The CPU-bound work one request costs Comms, step by step (I/O excluded).</summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""
        { "requestId": "inv-000123-email", "accountId": "ACC-1001", "commsType": "InvoiceReady", "channel": "email",
          "target": { "name": "Ada Lovelace", "email": "ada@example.com", "phone": "+447700900123" },
          "data": { "invoiceNumber": "INV-1", "amountDue": 42.50, "dueDate": "2026-12-01" }, "locale": "en-GB" }
        """);

    private static readonly byte[] AccessKey = Convert.FromBase64String("bG9jYWwtYWNzLWtleS1mb3ItYmVuY2htYXJrcw==");
    private static readonly byte[] WebhookKey = StandardWebhook.DecodeSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static readonly Uri SmsUri = new("https://contoso.communication.azure.com/sms?api-version=2021-03-07");

    private readonly RazorTemplateRenderer renderer = new();
    private CommsRequest request = null!;
    private TemplateModel model = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        request = SubmissionParser.ParseSubmission(Body, () => "generated").Request!;
        model = new TemplateModel(request.RequestId, request.AccountId, request.CommsType, request.Target!, request.Data ?? new JsonObject(), "en-GB");

        // Compile once, as the singleton engine does for the life of the process.
        await renderer.RenderAsync("InvoiceReady", Channel.Email, ChannelParts.Html, model);
        await renderer.RenderAsync("InvoiceReady", Channel.Email, ChannelParts.Subject, model);
    }

    [Benchmark(Description = "parse + validate a submission")]
    public CommsRequest? Parse() => SubmissionParser.ParseSubmission(Body, () => "generated").Request;

    [Benchmark(Description = "fingerprint a request")]
    public string Fingerprint() => RequestFingerprint.Compute(request);

    [Benchmark(Description = "render the e-mail HTML (warm)")]
    public Task<string> RenderHtml() => renderer.RenderAsync("InvoiceReady", Channel.Email, ChannelParts.Html, model);

    [Benchmark(Description = "render the e-mail subject (warm)")]
    public Task<string> RenderSubject() => renderer.RenderAsync("InvoiceReady", Channel.Email, ChannelParts.Subject, model);

    [Benchmark(Description = "sign an ACS request (HMAC)")]
    public string SignAcs()
    {
        var date = AcsRequestSigner.FormatDate(DateTimeOffset.UnixEpoch);
        return AcsRequestSigner.Authorization(AccessKey, "POST", SmsUri, date, AcsRequestSigner.ContentHash(Body));
    }

    [Benchmark(Description = "sign a Standard Webhook")]
    public string SignWebhook() => StandardWebhook.Sign(WebhookKey, "msg_1", 1614265330, Body);
}
