using System.Collections.Concurrent;
using System.Net;
using Azure.Core;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Infrastructure.Cmp;
using Comms.Testing.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Comms.Infrastructure.Tests.Cmp;

/// <summary>
/// <see cref="CmpAccountData"/> against a fake CMP over real HTTP, registered as the hosts register it
/// (<see cref="CmpRegistration.AddCommsAccountData"/>): retries, 404, authentication, escaping, the cache, dropped fields.
/// No storage.
/// </summary>
public sealed class CmpAccountDataTests : IAsyncLifetime
{
    private const string Ada = """
        { "accountId": "ACC-1", "name": "Ada Lovelace", "email": "ada@example.com", "phone": "+447700900123",
          "postalAddress": { "lines": ["1 High Street"], "city": "Leeds", "postcode": "LS1 1AA", "country": "GB" },
          "locale": "en-GB", "timeZone": "Europe/London", "preferredChannel": "email",
          "fields": { "tariff": "Green", "points": 120 }, "somethingNew": { "ignored": true } }
        """;

    private readonly FakeCmp cmp = new();
    private readonly Clock clock = new();
    private readonly Logs logs = new();
    private readonly List<ServiceProvider> providers = [];

    public Task InitializeAsync() => cmp.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        await cmp.DisposeAsync();
    }

    [Fact]
    public async Task A_slow_answer_then_a_500_then_a_200_returns_the_profile()
    {
        cmp.SetAccount("ACC-1", Ada);
        cmp.HangNext();
        cmp.FailNext(500);

        // Long enough that the answered attempts never time out on a loaded machine; the held one costs this once.
        var accounts = Accounts(new() { ["Timeout"] = "00:00:01" });

        var profile = await accounts.GetAsync("ACC-1");

        Assert.NotNull(profile);
        Assert.Equal(new CommsTarget("Ada Lovelace", "ada@example.com", "+447700900123", profile.PostalAddress), profile.ToTarget());
        Assert.Equal(["1 High Street"], profile.PostalAddress?.Lines);
        Assert.Equal("Leeds", profile.PostalAddress?.City);
        Assert.Equal("en-GB", profile.Locale);
        Assert.Equal("Europe/London", profile.TimeZone);
        Assert.Equal(Channel.Email, profile.PreferredChannel);
        Assert.Equal("""{"tariff":"Green","points":120}""", profile.Fields?.ToJsonString());
        Assert.Equal(3, cmp.Requests);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_retry_after()
    {
        cmp.SetAccount("ACC-1", Ada);
        cmp.FailNext(429, retryAfterSeconds: 1);
        var accounts = Accounts(new() { ["RetryDelay"] = "00:00:00.010" });
        var started = TimeProvider.System.GetTimestamp();

        Assert.NotNull(await accounts.GetAsync("ACC-1"));

        Assert.Equal(2, cmp.Requests);
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromSeconds(0.9), "Retry-After: 1 was not waited for.");
    }

    [Fact]
    public async Task A_404_fails_for_good_naming_the_account()
    {
        var accounts = Accounts();

        var e = await Assert.ThrowsAsync<PermanentSendException>(() => accounts.GetAsync("ACC-404"));

        Assert.Equal("CMP has no account 'ACC-404'", e.Message);
        Assert.Equal(1, cmp.Requests);
    }

    [Fact]
    public async Task The_key_header_is_sent_byte_for_byte()
    {
        const string key = "k3y/with+odd=chars and spaces";
        cmp.SetAccount("ACC-1", Ada);
        var accounts = Accounts(new() { ["ApiKeyHeader"] = "X-Cmp-Key", ["ApiKey"] = key });

        await accounts.GetAsync("ACC-1");

        var request = Assert.Single(cmp.Seen);
        Assert.Equal(key, request.Headers["X-Cmp-Key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task With_a_scope_a_bearer_token_of_the_apps_credential_is_sent()
    {
        cmp.SetAccount("ACC-1", Ada);
        var credential = new TestCredential();
        var accounts = Accounts(new() { ["Scope"] = "api://cmp/.default" }, credential);

        await accounts.GetAsync("ACC-1");

        Assert.Equal("Bearer token-for-api://cmp/.default", Assert.Single(cmp.Seen).Headers["Authorization"]);
        Assert.Equal(["api://cmp/.default"], credential.Scopes);
    }

    [Fact]
    public async Task The_account_id_is_url_escaped()
    {
        var accounts = Accounts();

        var e = await Assert.ThrowsAsync<PermanentSendException>(() => accounts.GetAsync("a/b c"));

        Assert.Equal("/accounts/a%2Fb%20c", Assert.Single(cmp.Seen).RawTarget);
        Assert.Equal("CMP has no account 'a/b c'", e.Message);
    }

    [Fact]
    public async Task The_cache_answers_a_second_read_and_expires()
    {
        cmp.SetAccount("ACC-1", Ada);
        var accounts = Accounts(new() { ["CacheSeconds"] = "60" });

        var first = await accounts.GetAsync("ACC-1");
        clock.Advance(TimeSpan.FromSeconds(59));
        var second = await accounts.GetAsync("ACC-1");

        Assert.Same(first, second);
        Assert.Equal(1, cmp.Requests);

        clock.Advance(TimeSpan.FromSeconds(2));
        var third = await accounts.GetAsync("ACC-1");

        Assert.NotSame(first, third);
        Assert.Equal(2, cmp.Requests);
    }

    [Fact]
    public async Task Without_a_cache_every_read_asks_cmp()
    {
        cmp.SetAccount("ACC-1", Ada);
        var accounts = Accounts(new() { ["CacheSeconds"] = "0" });

        await accounts.GetAsync("ACC-1");
        await accounts.GetAsync("ACC-1");

        Assert.Equal(2, cmp.Requests);
    }

    [Fact]
    public async Task Invalid_fields_are_dropped_with_a_warning_and_the_rest_kept()
    {
        cmp.SetAccount("ACC-1", $$"""
            { "name": "Ada Lovelace", "email": "not-an-email", "phone": "07700 900123", "timeZone": "Mars/Olympus_Mons",
              "preferredChannel": "fax", "locale": "en-GB",
              "postalAddress": { "lines": ["1 High Street"], "city": "{{new string('x', 101)}}", "postcode": "LS1 1AA" },
              "fields": { "tariff": "Green" } }
            """);
        var accounts = Accounts();

        var profile = await accounts.GetAsync("ACC-1");

        Assert.NotNull(profile);
        Assert.Equal("Ada Lovelace", profile.Name);
        Assert.Null(profile.Email);
        Assert.Null(profile.Phone);
        Assert.Null(profile.TimeZone);
        Assert.Null(profile.PreferredChannel);
        Assert.Equal("en-GB", profile.Locale);
        Assert.Equal(["1 High Street"], profile.PostalAddress?.Lines);
        Assert.Null(profile.PostalAddress?.City);
        Assert.Equal("LS1 1AA", profile.PostalAddress?.Postcode);
        Assert.Equal("""{"tariff":"Green"}""", profile.Fields?.ToJsonString());
        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        foreach (var field in new[] { "email", "phone", "timeZone", "preferredChannel", "postalAddress.city" })
        {
            Assert.Contains(field, warning.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("not-an-email", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_is_not_a_json_object_is_a_transient_failure()
    {
        cmp.SetAccount("ACC-1", "[1, 2]");
        var accounts = Accounts();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => accounts.GetAsync("ACC-1"));

        Assert.Contains("ACC-1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_500_for_longer_than_the_total_budget_is_a_transient_failure()
    {
        cmp.FailAll(500);
        var accounts = Accounts(new() { ["Timeout"] = "00:00:00.500", ["TotalTimeout"] = "00:00:01", ["RetryDelay"] = "00:00:00.200" });

        var e = await Assert.ThrowsAnyAsync<Exception>(() => accounts.GetAsync("ACC-1"));

        Assert.IsType<HttpRequestException>(e);
        Assert.IsNotType<PermanentSendException>(e);
        Assert.True(cmp.Requests > 1, $"{cmp.Requests} requests: the 500 was not retried.");
    }

    [Fact]
    public async Task A_401_after_the_retries_is_a_transient_failure_naming_the_status()
    {
        cmp.FailAll(401);
        var accounts = Accounts();

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => accounts.GetAsync("ACC-1"));

        Assert.Equal(HttpStatusCode.Unauthorized, e.StatusCode);
        Assert.Equal(1, cmp.Requests);
    }

    [Theory]
    [InlineData("https://cmp.example.com/accounts/x", "Comms:Cmp:AccountUrl")]
    [InlineData("/accounts/{accountId}", "Comms:Cmp:AccountUrl")]
    [InlineData("ftp://cmp.example.com/{accountId}", "Comms:Cmp:AccountUrl")]
    public void Options_validation_rejects_an_account_url_without_its_placeholder_or_not_http(string url, string key)
    {
        var services = Services(new() { ["AccountUrl"] = url });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Key", null, null, "ApiKey")]
    [InlineData(null, "secret", null, "ApiKey")]
    [InlineData("X-Key", "secret", "api://cmp/.default", "Scope")]
    [InlineData("Bad Header", "secret", null, "ApiKeyHeader")]
    public void Options_validation_wants_a_key_header_and_key_or_a_scope_or_neither(string? header, string? key, string? scope, string named)
    {
        var options = new CmpOptions { AccountUrl = "https://cmp.example.com/accounts/{accountId}", ApiKeyHeader = header, ApiKey = key, Scope = scope };

        Assert.Contains(options.Problems(), p => p.Contains(named, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("X-Key", "secret", null)]
    [InlineData(null, null, "api://cmp/.default")]
    public void Valid_options_have_no_problems(string? header, string? key, string? scope)
    {
        var options = new CmpOptions { AccountUrl = "http://127.0.0.1:8080/v1/accounts/{accountId}?view=comms", ApiKeyHeader = header, ApiKey = key, Scope = scope };

        Assert.Empty(options.Problems());
    }

    [Fact]
    public void Without_an_account_url_gather_reads_the_pushed_profile()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection().AddCommsAccountData(configuration);

        Assert.Equal(typeof(PushedProfileAccountData), Assert.Single(services, d => d.ServiceType == typeof(IAccountData)).ImplementationType);
    }

    private IAccountData Accounts(Dictionary<string, string?>? settings = null, TokenCredential? credential = null)
    {
        var services = Services(settings ?? [], credential);
        services.GetRequiredService<IStartupValidator>().Validate();
        var accounts = services.GetRequiredService<IAccountData>();
        Assert.IsType<CmpAccountData>(accounts);
        return accounts;
    }

    /// <summary>The registration as a host runs it, with <c>Comms:Cmp:*</c> from these settings (AccountUrl the fake's unless given).</summary>
    private ServiceProvider Services(Dictionary<string, string?> settings, TokenCredential? credential = null)
    {
        var values = new Dictionary<string, string?> { [AppSettingNames.CmpAccountUrl] = cmp.AccountUrl, [AppSettingNames.CmpRetryDelay] = "00:00:00.050" };
        foreach (var (key, value) in settings)
        {
            values[$"{CmpOptions.Section}:{key}"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(clock)
            .AddLogging(b => b.AddProvider(logs));
        if (credential is not null)
        {
            services.AddSingleton(credential);
        }

        var provider = services.AddCommsAccountData(configuration).BuildServiceProvider(validateScopes: true);
        providers.Add(provider);
        return provider;
    }

    /// <summary>The system clock, moved forward by the test (its timers stay the system's).</summary>
    private sealed class Clock : TimeProvider
    {
        private TimeSpan offset;

        public void Advance(TimeSpan by) => offset += by;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }

    private sealed class TestCredential : TokenCredential
    {
        public ConcurrentQueue<string> Requested { get; } = new();

        public IReadOnlyList<string> Scopes => [.. Requested];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Requested.Enqueue(string.Join(" ", requestContext.Scopes));
            return new AccessToken("token-for-" + string.Join(" ", requestContext.Scopes), DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    private sealed class Logs : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose() { }

        private sealed class Logger(Logs logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Entries.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
