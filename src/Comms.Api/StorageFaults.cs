using Azure;
using Microsoft.AspNetCore.Http;

namespace Comms.Api;

/// <summary>
/// Storage or the durable backend unreachable is the operator's outage, not the caller's mistake: every route answers
/// 503 with <c>Retry-After</c>, never 500. Comms.Server applies it as an endpoint filter (Http/ApiRoutes.cs), the
/// Functions app as worker middleware (StorageFaultMiddleware.cs).
/// </summary>
public static class StorageFaults
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>True when <paramref name="exception"/> (or what it wraps) says storage could not be reached or is overloaded.</summary>
    public static bool IsStorageFault(Exception? exception) => exception switch
    {
        null => false,
        RequestFailedException r => r.Status is 0 or 408 or 429 or >= 500,
        Core.Ports.ArchiveUnavailableException => true,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(IsStorageFault),
        _ => IsStorageFault(exception.InnerException),
    };

    /// <summary>The 503 answer, with <c>Retry-After</c> set on <paramref name="http"/>'s response.</summary>
    public static IResult Unavailable(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(
            title: "Storage is unavailable.",
            detail: $"Comms cannot reach its storage right now; nothing was lost. Retry after {(int)RetryAfter.TotalSeconds} s.",
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
