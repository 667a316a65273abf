using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// CMP's status-callback receiver, as an in-test Kestrel server: it checks each Standard Webhooks signature itself
/// (its own HMAC, not Comms' helper) and records every attempt. Requests whose id starts with <c>cbflaky-</c> are
/// refused (503) twice per webhook-id before being accepted; those starting with <c>cbdown-</c> always get 500.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly byte[] key;
    private readonly ConcurrentQueue<Attempt> attempts = new();

    private CallbackReceiver(WebApplication app, string secret)
    {
        this.app = app;
        key = Convert.FromBase64String(secret["whsec_".Length..]);
    }

    public static string Secret { get; } = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public Uri Url { get; private set; } = null!;

    /// <summary>Every POST received, in arrival order.</summary>
    public IReadOnlyList<Attempt> Attempts => attempts.ToArray();

    public static async Task<CallbackReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new CallbackReceiver(app, Secret);
        app.MapPost("/cmp/status", receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(address.TrimEnd('/') + "/cmp/status");
        return receiver;
    }

    /// <summary>The attempts for one request.</summary>
    public IReadOnlyList<Attempt> For(string requestId) => Attempts.Where(a => a.RequestId == requestId).ToList();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var id = request.Headers["webhook-id"].ToString();
        var timestamp = request.Headers["webhook-timestamp"].ToString();
        var signature = request.Headers["webhook-signature"].ToString();
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray()));
        var valid = signature.Split(' ').Contains(expected, StringComparer.Ordinal)
            && long.TryParse(timestamp, out var seconds) && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) <= 300;

        using var json = JsonDocument.Parse(body);
        // A request's change, or a batch's completion ({batchId, complete, counts}), listed under "batch:{batchId}".
        var root = json.RootElement;
        var requestId = root.TryGetProperty("requestId", out var r) ? r.GetString()! : "batch:" + root.GetProperty("batchId").GetString();
        var status = root.TryGetProperty("status", out var s) ? s.GetString()! : root.GetProperty("complete").GetBoolean() ? "complete" : "incomplete";
        var earlier = attempts.Count(a => a.WebhookId == id);
        attempts.Enqueue(new Attempt(id, requestId, status, valid, Encoding.UTF8.GetString(body)));

        if (!valid)
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        if (requestId.StartsWith("cbdown-", StringComparison.Ordinal))
        {
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }

        return requestId.StartsWith("cbflaky-", StringComparison.Ordinal) && earlier < 2
            ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable)
            : Results.Ok();
    }

    public sealed record Attempt(string WebhookId, string RequestId, string Status, bool SignatureValid, string Body);
}
