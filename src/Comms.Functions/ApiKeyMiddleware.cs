using Comms.Api;
using Comms.Core.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Comms.Functions;

/// <summary>
/// The key check of the keyed HTTP functions, the same as Comms.Server's (<see cref="ApiKeys"/>): every HTTP trigger is
/// anonymous to the Functions host, so its function keys no longer gate anything, and the app checks the caller's key
/// and role against <c>Comms:Keys</c> before the function runs. A refused call never reaches the function.
/// </summary>
public sealed class ApiKeyMiddleware(ApiKeys keys) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (HostBindings.HttpFunction(context.FunctionDefinition.Name) is { IsAnonymous: false } binding)
        {
            var http = context.GetHttpContext() ?? throw new InvalidOperationException($"{binding.FunctionName} has no HTTP context (ConfigureFunctionsWebApplication).");
            if (keys.Authorize(http, binding) is { } refused)
            {
                await refused.ExecuteAsync(http);
                return;
            }
        }

        await next(context);
    }
}
