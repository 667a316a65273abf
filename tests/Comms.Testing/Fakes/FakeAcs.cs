using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Comms.Testing.Fakes;

/// <summary>
/// Azure Communication Services as far as Comms uses it: <c>POST /sms</c>, <c>POST /emails:send</c> and
/// <c>GET /emails/operations/{id}</c>. Every request's HMAC-SHA256 signature is checked as the service checks it
/// (body hash, date within 15 minutes, signature over the raw path and query and the Host header), independently
/// of the code under test. Repeats (same <c>repeatabilityRequestId</c> or <c>Operation-Id</c>) are answered
/// with the first result and not sent again, as the service does.
/// </summary>
public sealed class FakeAcs : FakeService
{
    public const string SmsApiVersion = "2021-03-07";
    public const string EmailApiVersion = "2023-03-31";
    private const string UnauthorisedBody = """{"error":{"code":"Denied","message":"Denied by the resource provider: {reason}"}}""";

    private readonly ConcurrentDictionary<string, JsonObject> smsByRepeatability = new();
    private readonly ConcurrentDictionary<string, EmailOperation> operations = new();
    private readonly ConcurrentQueue<FakeSms> sms = new();
    private readonly ConcurrentQueue<FakeEmail> emails = new();

    public FakeAcs(byte[]? accessKey = null) => AccessKey = accessKey ?? RandomNumberGenerator.GetBytes(32);

    public byte[] AccessKey { get; }

    /// <summary>Numbers the service refuses per recipient (a 202 carrying a failed recipient).</summary>
    public ConcurrentDictionary<string, string> FailingNumbers { get; } = new();

    /// <summary>Addresses whose e-mail operation ends <c>Failed</c>.</summary>
    public ConcurrentDictionary<string, string> FailingAddresses { get; } = new();

    /// <summary>How many status polls an e-mail operation stays <c>Running</c>.</summary>
    public int RunningPolls { get; set; } = 1;

    public string ConnectionString => $"endpoint={BaseUrl};accesskey={Convert.ToBase64String(AccessKey)}";

    public IReadOnlyList<FakeSms> Sms => [.. sms];

    /// <summary>Signed <c>POST /emails:send</c> requests, repeats included.</summary>
    public int EmailPosts => emailPosts;

    private int emailPosts;

    public IReadOnlyList<FakeEmail> Emails => [.. emails];

    protected override void Map(WebApplication app)
    {
        app.MapPost("/sms", SendSmsAsync);
        app.MapPost("/emails:send", SendEmailAsync);
        app.MapGet("/emails/operations/{id}", GetOperationAsync);
    }

    /// <summary>An Entra token the fake accepts instead of an HMAC signature (identity-based ACS); none when null.</summary>
    public string? AcceptedBearerToken { get; set; }

    /// <summary>What is wrong with the request's signature, or null when it verifies.</summary>
    public string? SignatureProblem(HttpContext context, byte[] body, DateTimeOffset now)
    {
        var headers = context.Request.Headers;
        if (headers.Authorization.ToString() is { } bearer && bearer.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return AcceptedBearerToken is not null && bearer == "Bearer " + AcceptedBearerToken ? null : "the bearer token is not valid";
        }

        var date = headers["x-ms-date"].ToString();
        var hash = headers["x-ms-content-sha256"].ToString();
        var authorization = headers.Authorization.ToString();
        if (date.Length == 0 || hash.Length == 0 || authorization.Length == 0)
        {
            return "x-ms-date, x-ms-content-sha256 and Authorization are required";
        }

        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || (now - at).Duration() > TimeSpan.FromMinutes(15))
        {
            return "x-ms-date is not a current RFC 1123 date";
        }

        if (hash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return "x-ms-content-sha256 does not match the body";
        }

        const string Prefix = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";
        if (!authorization.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return "the Authorization header is not HMAC-SHA256 over x-ms-date;host;x-ms-content-sha256";
        }

        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var toSign = $"{context.Request.Method}\n{target}\n{date};{headers.Host};{hash}";
        var expected = HMACSHA256.HashData(AccessKey, Encoding.UTF8.GetBytes(toSign));
        var presented = new byte[32];
        return Convert.TryFromBase64String(authorization[Prefix.Length..], presented, out var n) && n == 32 && CryptographicOperations.FixedTimeEquals(expected, presented)
            ? null
            : "the signature does not match";
    }

    private async Task<bool> VerifiedAsync(HttpContext context, byte[] body, string apiVersion)
    {
        if (context.Request.Query["api-version"] != apiVersion)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return false;
        }

        return await AuthoriseAsync(context, SignatureProblem(context, body, DateTimeOffset.UtcNow), UnauthorisedBody);
    }

    private async Task SendSmsAsync(HttpContext context)
    {
        var body = await ReadAsync(context);
        if (!await VerifiedAsync(context, body, SmsApiVersion) || await AnswerScriptedAsync(context, this))
        {
            return;
        }

        var request = JsonNode.Parse(body)!.AsObject();
        var results = new JsonArray();
        foreach (var recipient in request["smsRecipients"]!.AsArray())
        {
            var to = recipient!["to"]!.GetValue<string>();
            var repeatability = recipient["repeatabilityRequestId"]?.GetValue<string>();
            if (recipient["repeatabilityFirstSent"] is null || repeatability is null || !Guid.TryParse(repeatability, out _))
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsJsonAsync(new { error = new { code = "BadRequest", message = "repeatabilityRequestId must be a GUID sent with repeatabilityFirstSent." } });
                return;
            }

            var result = smsByRepeatability.GetOrAdd(repeatability, _ =>
            {
                if (FailingNumbers.TryGetValue(to, out var reason))
                {
                    return new JsonObject { ["to"] = to, ["httpStatusCode"] = 400, ["successful"] = false, ["errorMessage"] = reason, ["repeatabilityResult"] = "accepted" };
                }

                var messageId = "Outgoing_" + Guid.NewGuid().ToString("N");
                sms.Enqueue(new FakeSms(messageId, request["from"]!.GetValue<string>(), to, request["message"]!.GetValue<string>(),
                    request["smsSendOptions"]?["enableDeliveryReport"]?.GetValue<bool>() ?? false, repeatability));
                return new JsonObject { ["to"] = to, ["messageId"] = messageId, ["httpStatusCode"] = 202, ["successful"] = true, ["repeatabilityResult"] = "accepted" };
            });
            results.Add(result.DeepClone());
        }

        await WaitForGateAsync();
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["value"] = results }.ToJsonString());
    }

    private async Task SendEmailAsync(HttpContext context)
    {
        var body = await ReadAsync(context);
        if (!await VerifiedAsync(context, body, EmailApiVersion) || await AnswerScriptedAsync(context, this) || await AnswerThrottledAsync(context))
        {
            return;
        }

        Interlocked.Increment(ref emailPosts);
        var operationId = context.Request.Headers["Operation-Id"].ToString();
        if (operationId.Length == 0)
        {
            operationId = Guid.NewGuid().ToString();
        }

        var request = JsonNode.Parse(body)!.AsObject();
        operations.GetOrAdd(operationId, id =>
        {
            var to = request["recipients"]!["to"]![0]!["address"]!.GetValue<string>();
            var content = request["content"]!;
            emails.Enqueue(new FakeEmail(id, request["senderAddress"]!.GetValue<string>(), to, content["subject"]!.GetValue<string>(),
                content["html"]?.GetValue<string>(), content["plainText"]?.GetValue<string>(), request["replyTo"]?[0]?["address"]?.GetValue<string>(),
                request["headers"] is JsonObject headers ? headers.ToDictionary(h => h.Key, h => h.Value?.GetValue<string>() ?? "") : []));
            return new EmailOperation(id, FailingAddresses.TryGetValue(to, out var reason) ? reason : null);
        });

        await WaitForGateAsync();
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers["Operation-Location"] = $"{BaseUrl}emails/operations/{operationId}?api-version={EmailApiVersion}";
        await context.Response.WriteAsJsonAsync(new { id = operationId, status = "Running" });
    }

    private async Task GetOperationAsync(HttpContext context, string id)
    {
        if (!await VerifiedAsync(context, [], EmailApiVersion))
        {
            return;
        }

        if (!operations.TryGetValue(id, out var operation))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsJsonAsync(new { error = new { code = "NotFound", message = $"Operation {id} was not found." } });
            return;
        }

        var polls = Interlocked.Increment(ref operation.Polls);
        object answer = polls <= RunningPolls
            ? new { id, status = "Running" }
            : operation.FailureReason is { } reason
                ? new { id, status = "Failed", error = new { code = "EmailDroppedAllRecipientsSuppressed", message = reason } }
                : new { id, status = "Succeeded" };
        await context.Response.WriteAsJsonAsync(answer);
    }

    private static async Task<byte[]> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private sealed class EmailOperation(string id, string? failureReason)
    {
        public int Polls;

        public string Id { get; } = id;

        public string? FailureReason { get; } = failureReason;
    }
}
