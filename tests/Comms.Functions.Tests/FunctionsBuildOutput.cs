using Comms.Testing;
using System.Reflection;
using System.Text.Json;

namespace Comms.Functions.Tests;

/// <summary>One binding of a function in <c>functions.metadata</c>.</summary>
public sealed record FunctionBinding(string Name, string Type, string Direction, JsonElement Json)
{
    public string? Property(string name) =>
        Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public IReadOnlyList<string> Methods =>
        Json.TryGetProperty("methods", out var value) ? [.. value.EnumerateArray().Select(m => m.GetString()!)] : [];
}

/// <summary>A function as the Functions SDK generated it into <c>functions.metadata</c>.</summary>
public sealed record FunctionEntry(string Name, IReadOnlyList<FunctionBinding> Bindings)
{
    public FunctionBinding Trigger => Bindings.Single(b => b.Type.EndsWith("Trigger", StringComparison.Ordinal));

    public bool Has(string bindingType) => Bindings.Any(b => b.Type == bindingType);
}

/// <summary>
/// The build output of Comms.Functions in this test's configuration. The test project references it with
/// <c>ReferenceOutputAssembly=false</c>, so MSBuild builds it first; its folder comes from the assembly metadata.
/// </summary>
public static class FunctionsBuildOutput
{
    private static readonly Lazy<IReadOnlyList<FunctionEntry>> Entries = new(Load);

    public static string Directory => Metadata("FunctionsOutputDirectory");

    public static string Configuration => Metadata("Configuration");

    public static string ProjectFile => RepositoryRoot.File("src", "Comms.Functions", "Comms.Functions.csproj");

    public static IReadOnlyList<FunctionEntry> Functions => Entries.Value;

    public static FunctionEntry Function(string name) =>
        Functions.SingleOrDefault(f => f.Name == name) ?? throw new InvalidOperationException($"functions.metadata has no function '{name}'.");

    /// <summary>Every HTTP route as <c>"GET /api/comms/{}"</c>: the same shape as <see cref="OpenApiDocument.Routes"/>.</summary>
    public static ISet<string> HttpRoutes(string routePrefix = "api") =>
        Functions
            .Where(f => f.Trigger.Type == "httpTrigger")
            .SelectMany(f => f.Trigger.Methods.Select(m => OpenApiDocument.Route(m, $"/{routePrefix}/{f.Trigger.Property("route")}")))
            .ToHashSet(StringComparer.Ordinal);

    private static string Metadata(string key) =>
        typeof(FunctionsBuildOutput).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"No assembly metadata {key}.");

    private static List<FunctionEntry> Load()
    {
        var path = Path.Combine(Directory, "functions.metadata");
        Assert.True(File.Exists(path), $"The Functions build wrote no {path}.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray()
            .Select(f => new FunctionEntry(
                f.GetProperty("name").GetString()!,
                [.. f.GetProperty("bindings").EnumerateArray().Select(b => new FunctionBinding(
                    b.GetProperty("name").GetString()!,
                    b.GetProperty("type").GetString()!,
                    b.GetProperty("direction").GetString()!,
                    b.Clone()))]))
            .ToList();
    }
}
