using Comms.Api;
using Comms.Core.Hosting;

namespace Comms.Server.Http;

/// <summary>
/// The key check of a keyed route (<see cref="ApiKeys"/>, shared with the Functions app's ApiKeyMiddleware): it runs
/// before the handler, so a request without a valid key, or with a key of another role, writes nothing.
/// </summary>
public sealed class ApiKeyFilter(ApiKeys keys, RouteBinding binding) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return keys.Authorize(context.HttpContext, binding) is { } refused ? ValueTask.FromResult<object?>(refused) : next(context);
    }
}
