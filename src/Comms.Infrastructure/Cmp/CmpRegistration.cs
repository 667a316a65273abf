using Azure.Core;
using Comms.Core.Ports;
using Comms.Infrastructure.Channels;
using Comms.Infrastructure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Comms.Infrastructure.Cmp;

/// <summary>
/// The account data Gather reads (<see cref="IAccountData"/>): CMP itself when <c>Comms:Cmp:AccountUrl</c> is set
/// (<see cref="CmpAccountData"/>, settings validated at start), else the profile CMP pushed (<see cref="PushedProfileAccountData"/>).
/// </summary>
public static class CmpRegistration
{
    public static IServiceCollection AddCommsAccountData(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrEmpty(configuration[AppSettingNames.CmpAccountUrl]))
        {
            services.TryAddSingleton<IAccountData, PushedProfileAccountData>();
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddCommsAzureCredential(configuration);
        services.AddOptions<CmpOptions>().BindConfiguration(CmpOptions.Section).ValidateProblems(o => o.Problems()).ValidateOnStart();
        var client = services.AddHttpClient(CmpAccountData.ClientName).ConfigureHttpClient(http =>
        {
            // The resilience handler's budget is the limit, not the client's own 100 s.
            http.Timeout = Timeout.InfiniteTimeSpan;
            http.MaxResponseContentBufferSize = CmpAccountData.MaxAnswerBytes;
        });
        client.AddResilienceHandler("cmp", (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<CmpOptions>>().Value;
            var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
            pipeline.AddTimeout(options.TotalTimeout);
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 6,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(!args.Context.CancellationToken.IsCancellationRequested && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time)),
            });
            pipeline.AddTimeout(options.Timeout);
        });

        // Added after the resilience handler, so it runs inside it: every attempt is authenticated afresh.
        client.AddHttpMessageHandler(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CmpOptions>>().Value;
            return new CmpAuthenticationHandler(options, string.IsNullOrWhiteSpace(options.Scope) ? null : sp.GetRequiredService<TokenCredential>());
        });
        services.TryAddSingleton<CmpAccountData>();
        services.TryAddSingleton<IAccountData>(sp => sp.GetRequiredService<CmpAccountData>());
        return services;
    }

    /// <summary>CMP's <c>Retry-After</c> (seconds or a date), at most <see cref="CmpAccountData.MaxRetryAfter"/>; null for the backoff's own delay.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        var delay = response?.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => (TimeSpan?)null,
        };
        return delay is { } d ? TimeSpan.FromTicks(Math.Clamp(d.Ticks, 0, CmpAccountData.MaxRetryAfter.Ticks)) : null;
    }
}
