using Microsoft.AspNetCore.Http;

namespace Comms.Api;

internal static class ResultExtensions
{
    /// <summary>Adds a <c>Location</c> header to a result.</summary>
    public static IResult WithLocation(this IResult result, HttpRequest http, string location)
    {
        http.HttpContext.Response.Headers.Location = location;
        return result;
    }
}
