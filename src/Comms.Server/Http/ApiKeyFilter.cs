using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Comms.Server.Http;

/// <summary>
/// The key check of openapi.yaml (securitySchemes): <c>x-functions-key</c> header or <c>?code=</c>, compared in constant time.
/// It runs before the handler, so a request without a valid key writes nothing.
/// </summary>
public sealed class ApiKeyFilter(IOptions<ApiKeyOptions> options) : IEndpointFilter
{
    private readonly byte[][] keys = options.Value.ApiKeys.Where(k => k.Length > 0).Select(Encoding.UTF8.GetBytes).ToArray();

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (presented is null || !Matches(Encoding.UTF8.GetBytes(presented)))
        {
            return ValueTask.FromResult<object?>(Results.Problem(
                title: "A valid API key is required.",
                detail: "Send it in the x-functions-key header or the code query parameter.",
                statusCode: StatusCodes.Status401Unauthorized));
        }

        return next(context);
    }

    private bool Matches(byte[] presented)
    {
        var match = false;
        foreach (var key in keys)
        {
            match |= CryptographicOperations.FixedTimeEquals(key, presented);
        }

        return match;
    }
}
