using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Comms.Testing;

/// <summary>
/// Reads the routes of <c>openapi.yaml</c> as <c>"GET /api/comms/{}"</c> strings (method upper case, path parameters
/// unnamed), so that any host's routes can be compared with the one document: Comms.Functions here, Comms.Server in its tests.
/// </summary>
public static partial class OpenApiDocument
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    /// <summary>The repository's <c>openapi.yaml</c>.</summary>
    public static string DefaultPath => RepositoryRoot.File("openapi.yaml");

    public static YamlMappingNode Load(string path)
    {
        using var reader = new StreamReader(path);
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    /// <summary>Every (method, path) of the document.</summary>
    public static ISet<string> Routes(string path) =>
        Operations(Load(path)).Select(o => Route(o.Method, o.Path)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The operations of a loaded document: method, path and the operation's node.</summary>
    public static IEnumerable<(string Method, string Path, YamlMappingNode Operation)> Operations(YamlMappingNode document)
    {
        var paths = (YamlMappingNode)document.Children[new YamlScalarNode("paths")];
        foreach (var (pathNode, item) in paths.Children)
        {
            foreach (var (methodNode, operation) in ((YamlMappingNode)item).Children)
            {
                var method = ((YamlScalarNode)methodNode).Value!;
                if (HttpMethods.Contains(method, StringComparer.OrdinalIgnoreCase))
                {
                    yield return (method, ((YamlScalarNode)pathNode).Value!, (YamlMappingNode)operation);
                }
            }
        }
    }

    /// <summary>
    /// One route in the comparable shape: <c>"POST /api/accounts/{}/notifications/{}/read"</c>. Parameter names and
    /// constraints (<c>{id}</c>, <c>{id:int}</c>, <c>{**rest}</c>) and a trailing slash do not count.
    /// </summary>
    public static string Route(string method, string path)
    {
        var normalised = ParameterPattern().Replace(path.Trim(), "{}").TrimEnd('/');
        if (!normalised.StartsWith('/'))
        {
            normalised = "/" + normalised;
        }

        return $"{method.ToUpperInvariant()} {normalised}";
    }

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex ParameterPattern();
}
