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

        // The wedge watch reads the durable backend's warnings whatever level the operator's configuration logs.
        builder.Logging.Services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<DurableWedgeWatch>());
        builder.Logging.AddFilter<DurableWedgeWatch>("DurableTask", LogLevel.Warning);
        builder.Services.AddQueueListeners();
        return builder;
    }
}
