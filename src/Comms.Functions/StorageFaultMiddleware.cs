using Comms.Api;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Comms.Functions;

/// <summary>An HTTP function whose storage is unreachable answers 503 with <c>Retry-After</c> (<see cref="StorageFaults"/>), as Comms.Server does.</summary>
public sealed class StorageFaultMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception e) when (StorageFaults.IsStorageFault(e) && context.GetHttpContext() is { } http)
        {
            await StorageFaults.Unavailable(http).ExecuteAsync(http);
        }
    }
}
