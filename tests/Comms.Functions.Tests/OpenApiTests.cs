using Comms.Testing;
using YamlDotNet.RepresentationModel;

namespace Comms.Functions.Tests;

/// <summary>openapi.yaml describes exactly the routes the Functions app serves, and who may call them.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public void Openapi_routes_are_the_http_functions_routes()
    {
        var documented = OpenApiDocument.Routes(OpenApiDocument.DefaultPath);
        var served = FunctionsBuildOutput.HttpRoutes();

        Assert.Equal(served.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Route_normalisation_ignores_parameter_names_and_case_of_the_method()
    {
        Assert.Equal("GET /api/comms/{}/documents/{}", OpenApiDocument.Route("get", "api/comms/{requestId}/documents/{name:regex(x)}/"));
    }

    [Fact]
    public void Every_route_needs_a_key_except_health_the_signed_status_webhook_the_signed_unsubscribe_link_and_the_agent_pages_files()
    {
        var document = OpenApiDocument.Load(OpenApiDocument.DefaultPath);
        var schemes = (YamlMappingNode)((YamlMappingNode)document.Children[new YamlScalarNode("components")]).Children[new YamlScalarNode("securitySchemes")];
        var keyLocations = schemes.Children.Values.Cast<YamlMappingNode>()
            .Select(s => $"{Scalar(s, "in")}:{Scalar(s, "name")}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(["header:x-functions-key", "query:code"], keyLocations);

        var global = (YamlSequenceNode)document.Children[new YamlScalarNode("security")];
        Assert.Equal(2, global.Children.Count);

        var anonymous = OpenApiDocument.Operations(document)
            .Where(o => o.Operation.Children.TryGetValue(new YamlScalarNode("security"), out var security) && ((YamlSequenceNode)security).Children.Count == 0)
            .Select(o => OpenApiDocument.Route(o.Method, o.Path))
            .Order(StringComparer.Ordinal);
        var anonymousFunctions = FunctionsBuildOutput.Functions
            .Where(f => f.Trigger.Type == "httpTrigger" && f.Trigger.Property("authLevel") == "Anonymous")
            .SelectMany(f => f.Trigger.Methods.Select(m => OpenApiDocument.Route(m, "/api/" + f.Trigger.Property("route"))))
            .Order(StringComparer.Ordinal);

        Assert.Equal(["GET /api/agent/{}", "GET /api/health", "GET /api/unsubscribe/{}", "POST /api/comms/{}/status", "POST /api/unsubscribe/{}"], anonymous);
        Assert.Equal(anonymous, anonymousFunctions);
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}
