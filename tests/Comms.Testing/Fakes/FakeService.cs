using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Comms.Testing.Fakes;

/// <summary>
/// The base of the in-test provider services: a minimal Kestrel app on 127.0.0.1 and a free port, with scripted
/// failures (<see cref="FailNext"/>) answered after the request's signature has been checked, and a gate
/// (<see cref="HoldAcceptedAnswers"/>) that keeps accepted requests waiting, as a provider that accepted while
/// the caller died would.
/// </summary>
public abstract class FakeService : IAsyncDisposable
{
    private readonly ConcurrentQueue<ScriptedAnswer> script = new();
    private WebApplication? app;
    private volatile TaskCompletionSource? gate;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Requests refused because their signature or token did not verify.</summary>
    public int Unauthorized => unauthorized;

    /// <summary>Every request that reached the service (signed correctly or not), retries included.</summary>
    public int Requests => requests;

    private int unauthorized;
    private int requests;

    /// <summary>Starts on 127.0.0.1 and <paramref name="port"/> (a free one when 0).</summary>
    public async Task StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        app = builder.Build();
        Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>The next request that verifies is answered with this instead of being accepted.</summary>
    public void FailNext(int status, string? body = null, int? retryAfterSeconds = null) =>
        script.Enqueue(new ScriptedAnswer(status, body, retryAfterSeconds));

    /// <summary>The next request that verifies has its connection dropped without an answer, as a reset would.</summary>
    public void DropNext() => script.Enqueue(new ScriptedAnswer(0, null, null));

    /// <summary>From now on, accepted requests are recorded but not answered until <see cref="ReleaseAcceptedAnswers"/>.</summary>
    public void HoldAcceptedAnswers() => gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseAcceptedAnswers() => Interlocked.Exchange(ref gate, null)?.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        ReleaseAcceptedAnswers();
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract void Map(WebApplication app);

    /// <summary>Counts the request; when it is not authorised answers 401 and returns false.</summary>
    protected async Task<bool> AuthoriseAsync(HttpContext context, string? failure, string unauthorisedBody)
    {
        Interlocked.Increment(ref requests);
        if (failure is null)
        {
            return true;
        }

        Interlocked.Increment(ref unauthorized);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(unauthorisedBody.Replace("{reason}", failure, StringComparison.Ordinal));
        return false;
    }

    /// <summary>Answers a scripted failure when one is queued; true when it did.</summary>
    protected static async Task<bool> AnswerScriptedAsync(HttpContext context, FakeService service)
    {
        if (!service.script.TryDequeue(out var answer))
        {
            return false;
        }

        if (answer.Status == 0)
        {
            context.Abort();
            return true;
        }

        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (answer.Body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body);
        }

        return true;
    }

    /// <summary>Waits while accepted answers are held.</summary>
    protected Task WaitForGateAsync() => gate?.Task ?? Task.CompletedTask;

    private readonly List<DateTimeOffset> acceptedAt = [];
    private (int Limit, TimeSpan Period, int RetryAfterSeconds)? rateLimit;
    private int throttled;

    /// <summary>Requests answered 429 because of <see cref="LimitRate"/>.</summary>
    public int Throttled => throttled;

    /// <summary>
    /// As the real service: at most <paramref name="limit"/> sends in any <paramref name="period"/> (a sliding window);
    /// a send beyond it is answered 429 with <c>Retry-After</c> and not accepted.
    /// </summary>
    public void LimitRate(int limit, TimeSpan period, int retryAfterSeconds) => rateLimit = (limit, period, retryAfterSeconds);

    /// <summary>The most sends this service accepted in any window of <paramref name="period"/>.</summary>
    public int MostInAnyWindow(TimeSpan period)
    {
        lock (acceptedAt)
        {
            var most = 0;
            for (int start = 0, end = 0; end < acceptedAt.Count; end++)
            {
                while (acceptedAt[end] - acceptedAt[start] >= period)
                {
                    start++;
                }

                most = Math.Max(most, end - start + 1);
            }

            return most;
        }
    }

    /// <summary>
    /// Under <see cref="LimitRate"/>: answers 429 and returns true when this send would exceed the limit; otherwise
    /// counts it as accepted. Without a limit, only counts it.
    /// </summary>
    protected async Task<bool> AnswerThrottledAsync(HttpContext context)
    {
        var now = DateTimeOffset.UtcNow;
        var limit = rateLimit;
        lock (acceptedAt)
        {
            if (limit is not { } l || acceptedAt.Count(t => now - t < l.Period) < l.Limit)
            {
                acceptedAt.Add(now);
                return false;
            }
        }

        Interlocked.Increment(ref throttled);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = limit.Value.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Rate limit exceeded.\"}}");
        return true;
    }

    private sealed record ScriptedAnswer(int Status, string? Body, int? RetryAfterSeconds);
}
