using Comms.Api;
using Comms.Core;
using Comms.Infrastructure;
using Comms.Infrastructure.Telemetry;
using Comms.Server.Durable;
using Comms.Server.Http;
using Comms.Server.Queues;

namespace Comms.Server;

public static class ServerSetup
{
    /// <summary>Everything Comms.Server runs: the core, the infrastructure, the durable worker and the queue listeners.</summary>
    public static WebApplicationBuilder AddCommsServer(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddCommsCore().AddCommsApi().AddCommsInfrastructure(builder.Configuration);
        builder.Services.AddCommsTelemetry(builder.Configuration);
        builder.Services.AddCommsApiKeys();
        builder.Services.AddCommsDurable();
        builder.Services.AddQueueListeners();
        return builder;
    }
}
