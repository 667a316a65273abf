using Comms.Server;
using Comms.Server.Http;
using Comms.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace Comms.EndToEnd.Tests;

public class ServerRoutesTests
{
    [Fact]
    public void Comms_Server_serves_exactly_the_routes_of_openapi_yaml()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Comms:Server:ApiKeys:0"] = "k",
        });
        builder.AddCommsServer();
        var app = builder.Build();
        app.MapCommsApi();

        var served = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => OpenApiDocument.Route(m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(OpenApiDocument.Routes(OpenApiDocument.DefaultPath).Order(), served.Order());
    }
}
