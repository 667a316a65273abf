using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Comms.Core.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Comms.Infrastructure.Cmp;

/// <summary>
/// The account data read from CMP (README, Account data from CMP): <c>GET Comms:Cmp:AccountUrl</c> with the account id
/// URL-escaped into it, through the resilient client of <see cref="CmpRegistration"/> (a timeout per attempt, retries
/// of 5xx, 408, 429, timeouts and connection errors, a total budget). A 404 is a <see cref="PermanentSendException"/>:
/// CMP has no such account. Any other failure is an <see cref="HttpRequestException"/>, which the workflow retries on
/// its own horizon. The answer is read as a pushed profile is (<see cref="SubmissionParser.ParseProfile(string, JsonObject)"/>);
/// an invalid field is dropped with a warning, the rest kept. Answers are cached for <c>Comms:Cmp:CacheSeconds</c>.
/// </summary>
/// <remarks>
/// A singleton that asks <see cref="IHttpClientFactory"/> for its client on every read, rather than a typed client
/// held by the singleton Gather activity, so the factory can rotate the handler. The cached profiles are shared:
/// callers must not change their <see cref="AccountProfile.Fields"/>.
/// </remarks>
public sealed partial class CmpAccountData(IHttpClientFactory clients, IOptions<CmpOptions> options, TimeProvider time, ILogger<CmpAccountData> logger)
    : IAccountData
{
    public const string ClientName = "cmp";

    /// <summary>The longest <c>Retry-After</c> honoured; a longer one waits this long (the total budget still applies).</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>The largest answer read; a profile's own fields are at most 32 KB.</summary>
    public const int MaxAnswerBytes = 256 * 1024;

    private readonly CmpOptions settings = options.Value;
    private readonly ConcurrentDictionary<string, Cached> cache = new(StringComparer.Ordinal);
    private DateTimeOffset lastSweep = time.GetUtcNow();

    public async Task<AccountProfile?> GetAsync(string accountId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        if (cache.TryGetValue(accountId, out var hit) && hit.Expires > time.GetUtcNow())
        {
            return hit.Profile;
        }

        var profile = await FetchAsync(accountId, cancellationToken);
        Remember(accountId, profile);
        return profile;
    }

    private async Task<AccountProfile> FetchAsync(string accountId, CancellationToken cancellationToken)
    {
        var url = new Uri(settings.AccountUrl.Replace(CmpOptions.AccountIdPlaceholder, Uri.EscapeDataString(accountId), StringComparison.Ordinal));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw new HttpRequestException(
                $"CMP did not answer for account '{accountId}' within {settings.TotalTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.", e);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new PermanentSendException($"CMP has no account '{accountId}'");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    $"CMP answered {(int)response.StatusCode} {response.ReasonPhrase} for account '{accountId}'.", null, response.StatusCode);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return Read(accountId, body);
        }
    }

    /// <summary>CMP's answer as a profile: invalid fields dropped (and logged by name, never by value), the rest kept.</summary>
    private AccountProfile Read(string accountId, byte[] body)
    {
        var errors = new InputErrors();
        var root = JsonInput.ParseObject(body, errors);
        if (root is null)
        {
            var problem = string.Join(" ", errors.ToDictionary().SelectMany(e => e.Value));
            throw new HttpRequestException($"CMP's answer for account '{accountId}' is not a JSON object: {problem}");
        }

        while (true)
        {
            var (profile, problems) = SubmissionParser.ParseProfile(accountId, root);
            if (profile is not null)
            {
                return profile;
            }

            LogDropped(logger, accountId, string.Join("; ", problems!.Select(p => $"{p.Key}: {string.Join(" ", p.Value)}")));
            foreach (var field in problems!.Keys)
            {
                Drop(root, field);
            }
        }
    }

    /// <summary>
    /// Removes the field an error names (<c>email</c>, <c>postalAddress.city</c>); when the path does not lead to it
    /// (<c>postalAddress</c> is not an object), its top-level field goes, so every pass removes something.
    /// </summary>
    private static void Drop(JsonObject root, string path)
    {
        var segments = path.Split('.');
        var parent = root;
        foreach (var segment in segments[..^1])
        {
            if (parent[segment] is not JsonObject child)
            {
                root.Remove(segments[0]);
                return;
            }

            parent = child;
        }

        if (!parent.Remove(segments[^1]))
        {
            root.Remove(segments[0]);
        }
    }

    private void Remember(string accountId, AccountProfile profile)
    {
        if (settings.CacheSeconds <= 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var lifetime = TimeSpan.FromSeconds(settings.CacheSeconds);
        cache[accountId] = new Cached(profile, now + lifetime);

        // Expired answers are only replaced on a read of the same account: sweep them once a lifetime, so a bill run
        // over many accounts does not keep them all.
        if (now - lastSweep >= lifetime)
        {
            lastSweep = now;
            foreach (var (key, entry) in cache)
            {
                if (entry.Expires <= now)
                {
                    cache.TryRemove(new KeyValuePair<string, Cached>(key, entry));
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "CMP's answer for account {AccountId} has invalid fields, dropped: {Problems}")]
    private static partial void LogDropped(ILogger logger, string accountId, string problems);

    private sealed record Cached(AccountProfile Profile, DateTimeOffset Expires);
}
