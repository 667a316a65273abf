using Comms.Core;
using Comms.Infrastructure;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Functions host of Comms: it binds triggers and calls the core; everything that decides something lives in Comms.Core.
var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();

builder.Services
    .AddCommsCore()
    .AddCommsInfrastructure(builder.Configuration);

await builder.Build().RunAsync();
