using System.Text.RegularExpressions;
using Comms.Core.Hosting;
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
        var anonymousBindings = HostBindings.Http
            .Where(r => r.IsAnonymous)
            .Select(r => OpenApiDocument.Route(r.Method, $"/{HostBindings.RoutePrefix}/{r.Route}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(["GET /api/agent/{}", "GET /api/health", "GET /api/unsubscribe/{}", "POST /api/comms/{}/status", "POST /api/unsubscribe/{}"], anonymous);
        Assert.Equal(anonymous, anonymousBindings);
    }

    /// <summary>Each operation's <c>x-roles</c> are the roles of its route in the bindings table, which both hosts enforce.</summary>
    [Fact]
    public void Every_operation_names_the_roles_of_the_bindings_table()
    {
        var documented = OpenApiDocument.Operations(OpenApiDocument.Load(OpenApiDocument.DefaultPath))
            .ToDictionary(
                o => OpenApiDocument.Route(o.Method, o.Path),
                o => o.Operation.Children.TryGetValue(new YamlScalarNode("x-roles"), out var roles)
                    ? string.Join(",", ((YamlSequenceNode)roles).Children.Cast<YamlScalarNode>().Select(r => r.Value))
                    : "(none)");
        var table = HostBindings.Http.ToDictionary(r => OpenApiDocument.Route(r.Method, $"/{HostBindings.RoutePrefix}/{r.Route}"), r => string.Join(",", r.Roles));

        Assert.Equal(table.OrderBy(r => r.Key, StringComparer.Ordinal), documented.OrderBy(r => r.Key, StringComparer.Ordinal));
        Assert.All(HostBindings.Http.Where(r => !r.IsAnonymous), r => Assert.Contains(Roles.Admin, r.Roles));
        Assert.All(HostBindings.Http.SelectMany(r => r.Roles), r => Assert.Contains(r, Roles.All));
    }

    /// <summary>The table of roles in <c>info.description</c>, for readers of the rendered document, says the same as the table.</summary>
    [Fact]
    public void The_description_tables_the_roles_of_every_route()
    {
        var info = (YamlMappingNode)OpenApiDocument.Load(OpenApiDocument.DefaultPath).Children[new YamlScalarNode("info")];
        var description = ((YamlScalarNode)info.Children[new YamlScalarNode("description")]).Value!;
        var rows = Regex.Matches(description, @"^\| `(\w+) (/[^`]+)` \| ([^|]+) \|$", RegexOptions.Multiline)
            .ToDictionary(m => OpenApiDocument.Route(m.Groups[1].Value, m.Groups[2].Value), m => m.Groups[3].Value.Trim());
        var table = HostBindings.Http.ToDictionary(
            r => OpenApiDocument.Route(r.Method, $"/{HostBindings.RoutePrefix}/{r.Route}"),
            r => r.IsAnonymous ? "anyone (no key)" : string.Join(", ", r.Roles));

        Assert.Equal(table.OrderBy(r => r.Key, StringComparer.Ordinal), rows.OrderBy(r => r.Key, StringComparer.Ordinal));
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}
