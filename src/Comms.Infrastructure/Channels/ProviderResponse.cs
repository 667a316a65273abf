using System.Net;
using System.Text.Json;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Channels;

/// <summary>
/// How every HTTP provider's answer is judged once the retry handler is done with it: permanent refusals
/// (400, 401, 403, 404, 413, …) fail the request at once with the provider's own reason; a 429 is thrown as
/// <see cref="ProviderThrottledException"/> with its <c>Retry-After</c> (the send waits, and the sender's shared
/// limiter pauses); what is left (408, 5xx after the retries) is thrown as transient, so the workflow retries the
/// step later.
/// </summary>
internal static class ProviderResponse
{
    public static async Task EnsureAcceptedAsync(HttpResponseMessage response, string provider, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var reason = await ReasonAsync(response, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new ProviderThrottledException($"{provider} answered 429: {reason}", RetryAfter(response));
        }

        if (IsTransient(response.StatusCode))
        {
            throw new HttpRequestException($"{provider} answered {status}: {reason}", null, response.StatusCode);
        }

        throw new PermanentSendException($"{provider} refused the message ({status}): {reason}");
    }

    /// <summary>The wait a 429 asks for: <c>retry-after-ms</c>, <c>Retry-After</c> (seconds or a date), else 30 s; at most 1 hour.</summary>
    public static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var wait = TimeSpan.FromSeconds(30);
        if (response.Headers.TryGetValues("retry-after-ms", out var ms) && double.TryParse(ms.FirstOrDefault(), System.Globalization.CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            wait = TimeSpan.FromMilliseconds(millis);
        }
        else if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            wait = delta;
        }
        else if (response.Headers.RetryAfter?.Date is { } date)
        {
            wait = date - DateTimeOffset.UtcNow;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : wait;
    }

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>The provider's reason: <c>error.message</c> (and <c>error.code</c>) of an ACS-style body, else the body's start.</summary>
    public static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                return code is null ? message ?? body : $"{code}: {message}";
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself is the reason.
        }

        var text = body.Trim();
        return text.Length == 0 ? response.ReasonPhrase ?? "no reason given" : text[..Math.Min(text.Length, 500)];
    }
}
