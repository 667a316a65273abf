using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Comms.Testing.Fakes;

/// <summary>
/// An external system that receives Standard Webhooks at <c>POST /hooks</c>: the signature is checked with its own
/// HMAC (not Comms' helper), the timestamp must be within 5 minutes, and a repeated <c>webhook-id</c> is
/// acknowledged without being delivered again, as the specification asks receivers to do.
/// </summary>
public sealed class WebhookReceiver : FakeService
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(24);
    private readonly ConcurrentDictionary<string, FakeWebhook> byId = new();
    private readonly ConcurrentQueue<FakeWebhook> received = new();

    public string Secret => "whsec_" + Convert.ToBase64String(key);

    public Uri Url => new(BaseUrl, "hooks");

    /// <summary>Distinct deliveries, in arrival order.</summary>
    public IReadOnlyList<FakeWebhook> Received => [.. received];

    /// <summary>Deliveries including repeats of the same webhook-id.</summary>
    public int Deliveries => deliveries;

    private int deliveries;

    protected override void Map(WebApplication app) => app.MapPost("/hooks", ReceiveAsync);

    private async Task ReceiveAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var id = context.Request.Headers["webhook-id"].ToString();
        var timestamp = context.Request.Headers["webhook-timestamp"].ToString();
        var signatures = context.Request.Headers["webhook-signature"].ToString();

        string? problem = null;
        if (id.Length == 0 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ts))
        {
            problem = "webhook-id and webhook-timestamp are required";
        }
        else if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - ts) > 300)
        {
            problem = "the timestamp is outside the tolerance";
        }
        else
        {
            var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body]));
            if (!signatures.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), Encoding.ASCII.GetBytes(expected))))
            {
                problem = "no signature matches";
            }
        }

        if (!await AuthoriseAsync(context, problem, "{reason}") || await AnswerScriptedAsync(context, this))
        {
            return;
        }

        Interlocked.Increment(ref deliveries);
        var webhook = new FakeWebhook(id, Encoding.UTF8.GetString(body), context.Request.ContentType);
        if (byId.TryAdd(id, webhook))
        {
            received.Enqueue(webhook);
        }

        await WaitForGateAsync();
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
