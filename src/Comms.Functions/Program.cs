using Comms.Api;
using Comms.Api.Durable;
using Comms.Core;
using Comms.Functions;
using Comms.Infrastructure;
using Comms.Infrastructure.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Functions host of Comms: it binds triggers and calls the core; everything that decides something lives in Comms.Core.
var builder = FunctionsApplication.CreateBuilder(args);

builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<StorageFaultMiddleware>();

// After the storage-fault middleware, inside it: the key check, before any function runs (README, Keys and roles).
builder.UseMiddleware<ApiKeyMiddleware>();

builder.Services
    .AddCommsCore()
    .AddCommsApi()
    .AddCommsApiKeys()
    .AddCommsInfrastructure(builder.Configuration)
    .AddSingleton<IInstanceExistsSignal, InstanceExistsSignal>();

// The Functions host continues its invocation spans into the worker (host.json telemetryMode: OpenTelemetry).
builder.Services.AddCommsTelemetry(builder.Configuration).UseFunctionsWorkerDefaults();

await builder.Build().RunAsync();
