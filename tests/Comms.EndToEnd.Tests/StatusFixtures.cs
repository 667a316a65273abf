using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Comms.Core.Domain;
using Comms.Infrastructure.Storage;
using Comms.Testing;

namespace Comms.EndToEnd.Tests;

/// <summary>What the status tests share: requests seeded straight into storage, and a partner that signs its reports.</summary>
internal static class StatusFixtures
{
    public static StorageInitializer Storage(Azurite azurite) =>
        new(new TableServiceClient(azurite.ConnectionString), new BlobServiceClient(azurite.ConnectionString));

    /// <summary>A request header at <paramref name="status"/>, as the pipeline would have left it (no orchestration runs for it).</summary>
    public static async Task<string> SeedRequestAsync(Azurite azurite, CommsStatus status, string prefix = "st-")
    {
        var id = prefix + Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        var header = new RequestHeader(id, "ACC-" + id, "InvoiceReady", Channel.Email, CommsSource.Api, status, now, now, null, "fp", true, null, []);
        await new TableRequestStore(Storage(azurite)).CreateAsync(header);
        return id;
    }

    /// <summary>
    /// Signs like a partner would, with its own HMAC (not Comms' helper). <paramref name="sentBody"/> replaces the
    /// body after signing, to tamper with it.
    /// </summary>
    public static HttpRequestMessage Signed(string requestId, string json, string secret, string? webhookId = null, long? timestamp = null, string? sentBody = null)
    {
        var id = webhookId ?? "wh-" + Guid.NewGuid().ToString("N");
        var ts = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signature = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{ts}.{json}")));
        var message = new HttpRequestMessage(HttpMethod.Post, $"api/comms/{Uri.EscapeDataString(requestId)}/status")
        {
            Content = new StringContent(sentBody ?? json, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        message.Headers.Add("webhook-id", id);
        message.Headers.Add("webhook-timestamp", ts);
        message.Headers.Add("webhook-signature", signature);
        return message;
    }

    public static string Report(string status, string? externalReference = null, DateTimeOffset? occurredAt = null, string? reason = null) =>
        JsonSerializer.Serialize(new { status, occurredAt = occurredAt ?? DateTimeOffset.UtcNow, externalReference, reason });

    /// <summary>The request's history rows whose source starts with <paramref name="sourcePrefix"/>.</summary>
    public static List<JsonElement> History(JsonElement view, string sourcePrefix) =>
        view.GetProperty("history").EnumerateArray().Where(h => h.GetProperty("source").GetString()!.StartsWith(sourcePrefix, StringComparison.Ordinal)).ToList();
}
