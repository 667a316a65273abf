using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Comms.Testing.Fakes;

/// <summary>
/// Azure Notification Hubs' send endpoint, <c>POST /{hub}/messages/?api-version=2015-01</c>. The SAS token is
/// checked as the service checks it: <c>sr</c> is the URL-encoded lower-case URI of the hub, <c>skn</c> the key's
/// name, <c>se</c> in the future, <c>sig</c> the HMAC-SHA256 of <c>{sr}\n{se}</c> keyed by the key's UTF-8 bytes.
/// Accepted notifications are answered 201 with a <c>TrackingId</c>.
/// </summary>
public sealed class FakeNotificationHubs(string hubName = "comms-hub", string keyName = "DefaultFullSharedAccessSignature") : FakeService
{
    private readonly ConcurrentQueue<FakePush> pushes = new();

    public string HubName => hubName;

    public string KeyName => keyName;

    public string Key { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A connection string in the service's format; the endpoint is overridden with <see cref="FakeService.BaseUrl"/>.</summary>
    public string ConnectionString => $"Endpoint=sb://comms-test.servicebus.windows.net/;SharedAccessKeyName={KeyName};SharedAccessKey={Key}";

    public IReadOnlyList<FakePush> Pushes => [.. pushes];

    protected override void Map(WebApplication app) => app.MapPost("/{hub}/messages", SendAsync);

    /// <summary>What is wrong with a SAS token for the hub, or null when it verifies.</summary>
    public string? TokenProblem(string? authorization, string hub, DateTimeOffset now)
    {
        const string Prefix = "SharedAccessSignature ";
        if (authorization is null || !authorization.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return "no SharedAccessSignature";
        }

        var fields = authorization[Prefix.Length..].Split('&')
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("sr", out var sr) || !fields.TryGetValue("sig", out var sig) || !fields.TryGetValue("se", out var se) || !fields.TryGetValue("skn", out var skn))
        {
            return "sr, sig, se and skn are required";
        }

        var resource = Uri.EscapeDataString($"{BaseUrl}{hub}".ToLowerInvariant()).ToLowerInvariant();
        if (sr != resource)
        {
            return $"sr '{sr}' is not this hub ('{resource}')";
        }

        if (skn != KeyName)
        {
            return $"unknown key name '{skn}'";
        }

        if (!long.TryParse(se, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry) || expiry <= now.ToUnixTimeSeconds())
        {
            return "the token has expired";
        }

        var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Key), Encoding.UTF8.GetBytes(sr + "\n" + se)));
        return WebUtility.UrlDecode(sig) == expected ? null : "the signature does not match";
    }

    private async Task SendAsync(HttpContext context, string hub)
    {
        if (hub != HubName || context.Request.Query["api-version"] != "2015-01")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!await AuthoriseAsync(context, TokenProblem(context.Request.Headers.Authorization.ToString(), hub, DateTimeOffset.UtcNow), "{reason}")
            || await AnswerScriptedAsync(context, this))
        {
            return;
        }

        var format = context.Request.Headers["ServiceBusNotification-Format"].ToString();
        var tags = context.Request.Headers["ServiceBusNotification-Tags"].ToString();
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var payload = await reader.ReadToEndAsync();
        if (format != "template" || JsonNode.Parse(payload) is not JsonObject properties)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("A template notification needs ServiceBusNotification-Format: template and a JSON object of properties.");
            return;
        }

        var trackingId = Guid.NewGuid().ToString();
        pushes.Enqueue(new FakePush(trackingId, tags, properties.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "")));
        await WaitForGateAsync();
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.Headers["TrackingId"] = trackingId;
    }
}
