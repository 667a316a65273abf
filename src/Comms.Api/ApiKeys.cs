using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Comms.Core.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Comms.Api;

/// <summary>One API key of <c>Comms:Keys:{name}</c>: its role (<see cref="Roles"/>) and its secret.</summary>
public sealed class ApiKeySetting
{
    public string? Role { get; set; }

    public string? Secret { get; set; }
}

/// <summary>
/// <c>Comms:Keys</c>: the API keys both hosts accept, by name (<c>Comms__Keys__billing__Role=submit</c>,
/// <c>Comms__Keys__billing__Secret=…</c>). The name is what the audit log records; the secret is never logged.
/// </summary>
public sealed partial class ApiKeyOptions
{
    public const string Section = "Comms:Keys";

    /// <summary>A secret shorter than this is refused at start: 16 characters of a random base64 string are 96 bits.</summary>
    public const int MinSecretLength = 16;

    public Dictionary<string, ApiKeySetting> Keys { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The problems of the configured keys, each naming its key (never its secret); empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Keys.Count == 0)
        {
            problems.Add("Comms:Keys must configure at least one API key (Comms:Keys:{name}:Role and Comms:Keys:{name}:Secret).");
        }

        foreach (var (name, key) in Keys)
        {
            if (!NamePattern().IsMatch(name))
            {
                problems.Add($"Comms:Keys:{name}: a key's name is 1 to 64 characters of A-Z a-z 0-9 . _ -.");
            }

            if (!Roles.IsKnown(key.Role))
            {
                problems.Add($"Comms:Keys:{name}:Role must be one of {string.Join(", ", Roles.All)}.");
            }

            if (key.Secret is null || key.Secret.Trim().Length < MinSecretLength || key.Secret.Trim() != key.Secret)
            {
                problems.Add($"Comms:Keys:{name}:Secret must be at least {MinSecretLength} characters, without leading or trailing spaces.");
            }
        }

        // One secret, one key: otherwise the caller (and so the audit log's name) would be ambiguous.
        foreach (var shared in Keys.Where(k => k.Value.Secret is { Length: > 0 }).GroupBy(k => k.Value.Secret, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"Comms:Keys: {string.Join(", ", shared.Select(k => k.Key).Order(StringComparer.Ordinal))} have the same secret; give each key its own.");
        }

        return problems;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex NamePattern();
}

/// <summary>
/// The one key check of both hosts (openapi.yaml, securitySchemes; README, Keys and roles): the key comes in the
/// <c>x-functions-key</c> header or the <c>code</c> query parameter and is compared with every configured secret in
/// constant time (both sides hashed to SHA-256 first, so not even the length shows). No key or an unknown one is
/// 401; a key whose role the route does not name is 403 with the roles it needs. A key that passes becomes the
/// request's <see cref="Caller"/>. Comms.Server runs it as an endpoint filter (Http/ApiKeyFilter.cs), the Functions
/// app as worker middleware (ApiKeyMiddleware.cs), where every route is anonymous to the host.
/// </summary>
public sealed class ApiKeys
{
    private readonly (byte[] Hash, Caller Caller)[] keys;

    public ApiKeys(IOptions<ApiKeyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        keys = options.Value.Keys
            .Where(k => k.Value.Secret is { Length: > 0 } && k.Value.Role is not null)
            .Select(k => (Hash(k.Value.Secret!), new Caller(k.Key, k.Value.Role!)))
            .ToArray();
    }

    /// <summary>
    /// Checks the request's key against <paramref name="binding"/>'s roles: null when it may go on (the caller is then
    /// on the request, <see cref="Caller.Of"/>), else the 401 or 403 answer. An anonymous route always goes on.
    /// </summary>
    public IResult? Authorize(HttpContext http, RouteBinding binding)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(binding);
        if (binding.IsAnonymous)
        {
            return null;
        }

        var presented = http.Request.Headers["x-functions-key"].FirstOrDefault() ?? http.Request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(presented) || Find(presented) is not { } caller)
        {
            return Results.Problem(
                title: "A valid API key is required.",
                detail: "Send it in the x-functions-key header or the code query parameter.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!binding.Roles.Contains(caller.Role, StringComparer.Ordinal))
        {
            return Results.Problem(
                title: "This key's role may not call this route.",
                detail: $"{binding.Method} /{HostBindings.RoutePrefix}/{binding.Route} needs a key of the role {string.Join(" or ", binding.Roles)}; the key '{caller.KeyName}' has the role {caller.Role}.",
                statusCode: StatusCodes.Status403Forbidden,
                extensions: new Dictionary<string, object?> { ["roles"] = binding.Roles });
        }

        Caller.Set(http, caller);
        return null;
    }

    private Caller? Find(string presented)
    {
        // Every key is compared, whichever matches, so the time taken says nothing about which or whether one did.
        var hash = Hash(presented);
        Caller? found = null;
        foreach (var (key, caller) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(key, hash))
            {
                found = caller;
            }
        }

        return found;
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}

/// <summary>
/// Who called: the API key's name and role (<see cref="ApiKeys"/>), kept on the request for the audit log and for
/// what a route records of its caller.
/// </summary>
public sealed record Caller(string KeyName, string Role)
{
    private static readonly object ItemKey = new();

    /// <summary>The caller of the anonymous unsubscribe link: the recipient, whose signed token is the authority.</summary>
    public static Caller Recipient { get; } = new("recipient", "recipient");

    /// <summary>
    /// The caller the key check put on the request. Every keyed route has one; asking on a route without one is a
    /// mistake in the host's wiring, and fails rather than record nobody.
    /// </summary>
    public static Caller Of(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items.TryGetValue(ItemKey, out var caller) && caller is Caller known
            ? known
            : throw new InvalidOperationException("No API key was checked for this request: its route is not behind the key check (ApiKeys).");
    }

    public static void Set(HttpContext http, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Items[ItemKey] = caller;
    }
}

public static class ApiKeyServiceCollectionExtensions
{
    /// <summary>The keys of <c>Comms:Keys</c>, checked when the host starts (<see cref="ApiKeyOptions.Problems"/>), and the check both hosts run.</summary>
    public static IServiceCollection AddCommsApiKeys(this IServiceCollection services)
    {
        services.AddOptions<ApiKeyOptions>()
            .Configure<IConfiguration>((o, configuration) => configuration.GetSection(ApiKeyOptions.Section).Bind(o.Keys))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        services.AddSingleton<ApiKeys>();
        return services;
    }

    /// <summary>Names every problem in the start failure, not only that there is one.</summary>
    private sealed class ApiKeyOptionsValidator : IValidateOptions<ApiKeyOptions>
    {
        public ValidateOptionsResult Validate(string? name, ApiKeyOptions options) =>
            options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
