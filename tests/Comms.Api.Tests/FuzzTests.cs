using System.Text;
using Comms.Api.Status;
using Comms.Core.Activities;
using Comms.Core.Batches;
using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Comms.Core.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Comms.Testing;
using Moq;
using Xunit.Abstractions;

namespace Comms.Api.Tests;

/// <summary>
/// Generated hostile input (random bytes, random JSON shapes, the strings that once reached a 500) against every
/// reader of outside input: submissions, profiles, workflow events, Event Grid batches, the failed list's query and
/// the resend's id. Never an unhandled
/// exception; a refusal writes nothing and starts nothing. The seed is fixed, so a failure reproduces.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261130;

    private static readonly string[] HostileStrings =
    [
        "\\ud800", "\\udfff", "a\\ud800b", "\\ud83d", "\\u0000", "\\u001b[31m", ".", "..", "...", "../../etc/passwd", "a/b", "#", "?",
        "<script>alert(1)</script>", "' OR 1=1 --", "\\r\\nBcc: x@example.com", "%00", "\u202e", "\ufeff", new string('x', 70_000),
        "e\u0301", "😀", "ｆｕｌｌｗｉｄｔｈ", "1e309", "-0", "null", "true",
    ];

    private static readonly string[] Fields =
        ["requestId", "accountId", "commsType", "channel", "target", "data", "locale", "sendAt", "email", "phone", "name", "eventId", "whenToCreate", "id", "eventType", "postalAddress", "lines",
         "batchId", "defaults", "items", "itemsBlob", "itemKey", "businessKey", "cancellationKey", "timeZone", "preferredChannel", "fields",
         "channels", "targets", "waitFor", "until", "preferences", "evidence", "category", "optedIn", "method", "by", "wordingVersion", "at",
         "files", "sampleData", "catalogue", "version", "mandatory", "urgent", "email.subject.cshtml", "../x.cshtml"];

    [Fact]
    public async Task No_input_reaches_an_unhandled_exception_and_refusals_write_nothing()
    {
        var inputs = Inputs(new Random(Seed)).ToList();
        foreach (var input in inputs)
        {
            await SubmitAsync(input);
            await PutProfileAsync(input);
            await WorkflowEventAsync(input);
            await AcsEventsAsync(input);
            await ListByStatusAsync(input);
            await ResendAsync(input);
            await SubmitBatchAsync(input);
            BatchLine(input);
            await PutPreferencesAsync(input);
            await UnsubscribeAsync(input);
            await PublishTemplatesAsync(input);
            await PreviewTemplatesAsync(input);
            await SearchAsync(input);
        }

        output.WriteLine($"fuzz: {inputs.Count} inputs, each through 13 readers ({inputs.Count * 13} calls), seed {Seed}");
    }

    private static IEnumerable<byte[]> Inputs(Random random)
    {
        // The hostile strings in every field, as JSON escapes (an unpaired surrogate must arrive as \ud800 to exist at all).
        foreach (var field in Fields)
        {
            foreach (var hostile in HostileStrings)
            {
                yield return Encoding.UTF8.GetBytes($$"""{"requestId":"r-1","accountId":"A","commsType":"InvoiceReady","channel":"email","target":{"email":"a@example.com"},"{{field}}":"{{hostile.Replace("\"", "\\\"", StringComparison.Ordinal)}}"}""");
            }
        }

        // Duplicate keys, at the top and inside data; non-objects; deep nesting; invalid UTF-8.
        yield return """{"requestId":"r-1","requestId":"r-2","accountId":"A","commsType":"InvoiceReady","channel":"online"}"""u8.ToArray();
        yield return """{"requestId":"r-1","accountId":"A","commsType":"InvoiceReady","channel":"online","data":{"x":1,"x":2}}"""u8.ToArray();
        yield return """[1, "two", null, {"id":"e"}, [], true]"""u8.ToArray();
        yield return """[{"id":"x","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":"nope"}, 7]"""u8.ToArray();
        yield return Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000));
        yield return [(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'];
        yield return [0xFF, 0xFE, 0x00];
        yield return [];

        for (var i = 0; i < 300; i++)
        {
            yield return i % 3 == 0 ? RandomBytes(random) : Encoding.UTF8.GetBytes(RandomJson(random, depth: 0));
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 200)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomJson(Random random, int depth) => (depth > 4 ? random.Next(4) : random.Next(7)) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "1e" + random.Next(400),
        2 => "\"" + Hostile(random) + "\"",
        3 => random.Next(-5, 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
        4 or 5 => "{" + string.Join(",", Enumerable.Range(0, random.Next(6)).Select(_ => $"\"{Fields[random.Next(Fields.Length)]}\":{RandomJson(random, depth + 1)}")) + "}",
        _ => "[" + string.Join(",", Enumerable.Range(0, random.Next(5)).Select(_ => RandomJson(random, depth + 1))) + "]",
    };

    private static string Hostile(Random random)
    {
        var text = HostileStrings[random.Next(HostileStrings.Length)];
        return text[..Math.Min(200, text.Length)];
    }

    private static HttpRequest Post(byte[] body) => ApiUnderTest.Post(body);

    private static int StatusOf(IResult result) => result is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200;

    private static string Show(byte[] input) => Encoding.UTF8.GetString(input[..Math.Min(input.Length, 300)]);

    private static async Task SubmitAsync(byte[] input)
    {
        var (api, requests, workflow) = Api();
        var status = StatusOf(await api.SubmitAsync(Post(input), workflow.Object));

        Assert.True(status is 202 or 400 or 413, $"{status} for {Show(input)}");
        if (status != 202)
        {
            requests.VerifyNoOtherCalls();
            workflow.VerifyNoOtherCalls();
        }
    }

    private static async Task PutProfileAsync(byte[] input)
    {
        var profiles = new Mock<IProfileStore>();
        var (api, _, _) = Api(profiles.Object);
        var status = StatusOf(await api.PutProfileAsync("ACC-1", Post(input)));

        Assert.True(status is 200 or 400 or 413, $"{status} for {Show(input)}");
        if (status != 200)
        {
            profiles.VerifyNoOtherCalls();
        }
    }

    private static async Task PutPreferencesAsync(byte[] input)
    {
        var consent = new Mock<Comms.Core.Ports.IConsentStore>();
        consent.Setup(c => c.GetPreferencesAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        consent.Setup(c => c.GetHistoryAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var api = new Comms.Api.Consent.ConsentApi(consent.Object, Links, ApiUnderTest.Audit(), TimeProvider.System);
        var status = StatusOf(await api.PutPreferencesAsync("ACC-1", Post(input)));

        Assert.True(status is 200 or 400 or 413, $"{status} for {Show(input)}");
        if (status != 200)
        {
            consent.Verify(c => c.SetPreferencesAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<Comms.Core.Consent.Preference>>(), It.IsAny<CancellationToken>()), Times.Never);
        }
    }

    /// <summary>The input as an unsubscribe token (the route's one value a stranger chooses): never recorded unless signed.</summary>
    private static async Task UnsubscribeAsync(byte[] input)
    {
        var consent = new Mock<Comms.Core.Ports.IConsentStore>();
        var api = new Comms.Api.Consent.ConsentApi(consent.Object, Links, ApiUnderTest.Audit(), TimeProvider.System);
        var token = Encoding.UTF8.GetString(input);
        var status = StatusOf(await api.UnsubscribeAsync(token, Post(input)));

        Assert.True(status is 400 or 413, $"{status} for {Show(input)}");
        consent.VerifyNoOtherCalls();
        Assert.Equal(400, StatusOf(api.UnsubscribePage(token)));
    }

    private static readonly Comms.Core.Consent.UnsubscribeLinks Links = new(
        Microsoft.Extensions.Options.Options.Create(new Comms.Core.Consent.ConsentOptions { SigningKey = Convert.ToBase64String(new byte[32]), PublicBaseUrl = new Uri("https://comms.example") }),
        TimeProvider.System);

    private static async Task WorkflowEventAsync(byte[] input)
    {
        var requests = Requests();
        var workflow = new Mock<IWorkflowClient>();
        var handler = new WorkflowEventHandler(new CommsIntake(requests.Object, Mock.Of<IStatusHistory>(), Templates.Sets, ApiUnderTest.BusinessKeys(), Mock.Of<ICancellationKeys>(), Mock.Of<ISearchIndex>(), TimeProvider.System), new Comms.Core.Batches.BatchIntake(Mock.Of<IBatchStore>(), Mock.Of<IBatchFiles>(), TimeProvider.System), Mock.Of<IRejectedStore>(), TimeProvider.System);

        var disposition = await handler.HandleAsync(Encoding.UTF8.GetString(input), "m-1", workflow.Object);

        if (disposition == WorkflowEventDisposition.Rejected)
        {
            requests.VerifyNoOtherCalls();
            workflow.VerifyNoOtherCalls();
        }
    }

    private static async Task AcsEventsAsync(byte[] input)
    {
        var history = new Mock<IStatusHistory>();
        var requests = Requests();
        var intake = new ExternalStatusIntake(new StatusRecorder(history.Object, requests.Object, Mock.Of<IStatusCallbacks>(), Mock.Of<IBatchStore>(), new Comms.Testing.Fakes.MemoryConsentStore(), Mock.Of<IDetailStore>(), Mock.Of<ISearchIndex>()), NullLogger<ExternalStatusIntake>.Instance);
        var handler = new AcsEventHandler(Mock.Of<ISendLedger>(), Mock.Of<IRejectedStore>(), intake, new Comms.Core.Consent.InboundSms(new Comms.Testing.Fakes.MemoryConsentStore()), TimeProvider.System);
        var workflow = new Mock<IWorkflowClient>();

        var status = StatusOf(await handler.HandleAsync(Post(input), workflow.Object));

        Assert.True(status is 200 or 400 or 413, $"{status} for {Show(input)}");
        if (status != 200)
        {
            history.VerifyNoOtherCalls();
            workflow.VerifyNoOtherCalls();
        }
    }

    /// <summary>The input as the status list's query: as the status, as both times, and as a raw query string.</summary>
    private static async Task ListByStatusAsync(byte[] input)
    {
        var text = Uri.EscapeDataString(Encoding.UTF8.GetString(input[..Math.Min(input.Length, 2000)]));
        foreach (var query in new[] { $"?status={text}", $"?status=failed&from={text}&to={text}", "?" + Encoding.UTF8.GetString(input[..Math.Min(input.Length, 2000)]) })
        {
            var (api, requests, _) = Api();
            requests.Setup(r => r.ListByStatusAsync(It.IsAny<CommsStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), It.IsAny<int>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
                .ReturnsAsync(new Page<RequestHeader>([], null));
            var status = StatusOf(await api.ListByStatusAsync(ApiUnderTest.Get(query)));

            Assert.True(status is 200 or 400, $"{status} for {query[..Math.Min(query.Length, 300)]}");
            if (status != 200)
            {
                requests.VerifyNoOtherCalls();
            }
        }
    }

    /// <summary>The input as the id to resend: nothing with such an id exists, so 404 and nothing started.</summary>
    private static async Task ResendAsync(byte[] input)
    {
        var (api, requests, workflow) = Api();
        var status = StatusOf(await api.ResendAsync(Encoding.UTF8.GetString(input), Post([]), workflow.Object));

        Assert.Equal(404, status);
        workflow.VerifyNoOtherCalls();
        requests.Verify(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    /// <summary>The input as a batch: 202 (a batch row written, its orchestration started) or 400/413 with nothing written.</summary>
    private static (Comms.Api.Templating.TemplatesApi Api, Mock<ITemplateStore> Store) TemplatesApi()
    {
        var store = new Mock<ITemplateStore>();
        var sets = new Comms.Core.Templating.TemplateSets(store.Object, Templates.All, Microsoft.Extensions.Options.Options.Create(new Comms.Core.Templating.TemplateOptions()), TimeProvider.System);
        var publisher = new Comms.Core.Templating.TemplatePublisher(sets, store.Object, Mock.Of<IPdfRenderer>(), Microsoft.Extensions.Options.Options.Create(new Comms.Core.Templating.TemplateOptions()), TimeProvider.System);
        return (new Comms.Api.Templating.TemplatesApi(sets, publisher, store.Object, Mock.Of<IPdfRenderer>(), ApiUnderTest.Audit()), store);
    }

    /// <summary>The input as a template version: refused with a reason and nothing stored (these templates never render, so nothing validates).</summary>
    private static async Task PublishTemplatesAsync(byte[] input)
    {
        var (api, store) = TemplatesApi();
        var status = StatusOf(await api.PublishAsync("Fuzz", Post(input)));

        Assert.True(status is 400 or 413 or 422, $"{status} for {Show(input)}");
        store.Verify(s => s.AddAsync(It.IsAny<PublishedTemplates>(), It.IsAny<CancellationToken>()), Times.Never);
        store.Verify(s => s.SetActiveAsync(It.IsAny<ActiveTemplates>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    /// <summary>The input as a preview: rendered or refused, never stored.</summary>
    private static async Task PreviewTemplatesAsync(byte[] input)
    {
        var (api, store) = TemplatesApi();
        var status = StatusOf(await api.PreviewAsync("InvoiceReady", Post(input)));

        Assert.True(status is 200 or 400 or 404 or 413 or 422, $"{status} for {Show(input)}");
        store.Verify(s => s.AddAsync(It.IsAny<PublishedTemplates>(), It.IsAny<CancellationToken>()), Times.Never);
        store.Verify(s => s.SetActiveAsync(It.IsAny<ActiveTemplates>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    /// <summary>The input as the agent's search term: an answer or a 400, whatever it holds.</summary>
    private static async Task SearchAsync(byte[] input)
    {
        var requests = new Mock<IRequestStore>();
        requests.Setup(r => r.ListByAccountAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync(new Page<RequestHeader>([], null));
        var search = new Mock<ISearchIndex>();
        search.Setup(i => i.FindAsync(It.IsAny<string>(), It.IsAny<int>(), It.IsAny<CancellationToken>())).ReturnsAsync([]);
        var api = new Comms.Api.Agent.AgentApi(requests.Object, search.Object);
        var status = StatusOf(await api.SearchAsync(ApiUnderTest.Get("?q=" + Uri.EscapeDataString(Encoding.UTF8.GetString(input)))));

        Assert.True(status is 200 or 400, $"{status} for {Show(input)}");
    }

    private static async Task SubmitBatchAsync(byte[] input)
    {
        var batches = new Mock<IBatchStore>();
        batches.Setup(b => b.CreateAsync(It.IsAny<BatchHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((BatchHeader h, CancellationToken _) => (true, h));
        batches.Setup(b => b.CountsAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(BatchCounts.Empty);
        var files = new Mock<IBatchFiles>();
        files.Setup(f => f.SizeAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ReturnsAsync(10);
        var workflow = new Mock<IWorkflowClient>();
        var api = new Comms.Api.Batches.BatchesApi(new BatchIntake(batches.Object, files.Object, TimeProvider.System), batches.Object, null!, Mock.Of<IRequestStore>(), ApiUnderTest.Audit());

        var status = StatusOf(await api.SubmitAsync(Post(input), workflow.Object));

        Assert.True(status is 202 or 400 or 413, $"{status} for {Show(input)}");
        if (status != 202)
        {
            batches.VerifyNoOtherCalls();
            files.VerifyNoOtherCalls();
            workflow.VerifyNoOtherCalls();
        }
    }

    /// <summary>The input as one line of a batch: an item with a valid request, or a reason; never an exception.</summary>
    private static void BatchLine(byte[] input)
    {
        var item = BatchParser.ParseItem(input, "fuzz", new System.Text.Json.Nodes.JsonObject { ["commsType"] = "InvoiceReady", ["channel"] = "email" });

        Assert.True(item.Request is null ? item.Reason is { Length: > 0 } : RequestIds.IsValid(item.Request.RequestId) && item.Reason is null, Show(input));
    }

    private static Mock<IRequestStore> Requests()
    {
        var requests = new Mock<IRequestStore>();
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((RequestHeader h, CancellationToken _) => (true, h));
        return requests;
    }

    private static (CommsApi Api, Mock<IRequestStore> Requests, Mock<IWorkflowClient> Workflow) Api(IProfileStore? profiles = null)
    {
        var requests = Requests();
        return (ApiUnderTest.Create(requests.Object, Mock.Of<IStatusHistory>(), profiles), requests, new Mock<IWorkflowClient>());
    }
}
