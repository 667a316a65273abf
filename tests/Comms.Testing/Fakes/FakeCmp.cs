using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Comms.Testing.Fakes;

/// <summary>
/// CMP's account endpoint as a real HTTP server (<see cref="FakeService"/>: Kestrel on 127.0.0.1): <c>GET /accounts/{id}</c>
/// answers the JSON set with <see cref="SetAccount"/>, else <see cref="UnknownAccounts"/> when set (a CMP that knows
/// every account the tests make up), else 404; an account given to <see cref="SetMissing"/> is always 404. Scripted 5xx (<see cref="FakeService.FailNext"/>) and
/// requests held until the caller gives up (<see cref="HangNext"/>); every request is recorded as it arrived.
/// </summary>
public sealed class FakeCmp : FakeService
{
    private readonly ConcurrentDictionary<string, string> accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> missing = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SeenRequest> seen = new();
    private int hangs;
    private volatile int failAll;

    /// <summary>The account URL template for <c>Comms:Cmp:AccountUrl</c>.</summary>
    public string AccountUrl => BaseUrl + "accounts/{accountId}";

    public IReadOnlyList<SeenRequest> Seen => [.. seen];

    /// <summary>The answer for accounts that were not set; null: 404.</summary>
    public string? UnknownAccounts { get; set; }

    /// <summary>CMP has no such account: always 404.</summary>
    public void SetMissing(string accountId) => missing[accountId] = true;

    /// <summary>CMP's answer for this account (the id as it arrives, unescaped).</summary>
    public void SetAccount(string accountId, string json) => accounts[accountId] = json;

    /// <summary>The next <paramref name="count"/> requests get no answer until the caller cancels them.</summary>
    public void HangNext(int count = 1) => Interlocked.Add(ref hangs, count);

    /// <summary>Every request from now on is answered with this status.</summary>
    public void FailAll(int status) => failAll = status;

    protected override void Map(WebApplication app) =>
        app.MapGet("/accounts/{accountId}", async (HttpContext context, string accountId) =>
        {
            await AuthoriseAsync(context, null, "");
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            seen.Enqueue(new SeenRequest(context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget, headers));
            if (Interlocked.Decrement(ref hangs) >= 0)
            {
                // Held until the client's attempt times out and drops the connection: no answer at all.
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            Interlocked.Exchange(ref hangs, 0);
            if (failAll != 0)
            {
                context.Response.StatusCode = failAll;
                return;
            }

            if (await AnswerScriptedAsync(context, this))
            {
                return;
            }

            if (missing.ContainsKey(accountId) || (!accounts.TryGetValue(accountId, out var json) && (json = UnknownAccounts) is null))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json);
        });

    /// <summary>A request as it arrived: the raw request target and the headers.</summary>
    public sealed record SeenRequest(string RawTarget, IReadOnlyDictionary<string, string> Headers);
}
