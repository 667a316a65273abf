using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Comms.Infrastructure.Channels;

/// <summary>
/// The one resilience pipeline of every provider's HttpClient: a total timeout, then retries of transient
/// failures (408, 5xx, timeouts, connection resets) with exponential backoff and jitter, honouring
/// <c>Retry-After</c>, then a timeout per attempt. Permanent answers come straight back to the sender, and so does a
/// 429: the shared rate limiter has to hear of it (<see cref="ProviderResponse"/>), not a retry in one process.
/// </summary>
internal static class ProviderHttpClients
{
    public const int MaxRetryAttempts = 4;
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(90);

    public static IHttpClientBuilder AddProviderClient(this IServiceCollection services, string name)
    {
        var builder = services.AddHttpClient(name);
        builder.AddResilienceHandler("provider", pipeline =>
        {
            pipeline.AddTimeout(TotalTimeout);
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstRetryDelay,
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            });
            pipeline.AddTimeout(AttemptTimeout);
        });
        return builder;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => response.StatusCode != System.Net.HttpStatusCode.TooManyRequests && ProviderResponse.IsTransient(response.StatusCode),
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException or IOException } => true,
        { Exception: TaskCanceledException } => true,
        _ => false,
    };

}
