using System.Text.Json.Nodes;

namespace Comms.Deployment.Tests;

/// <summary>
/// infra/main.bicep compiled to its ARM JSON by the Bicep CLI, once per test run, and the parts the tests read:
/// each module's nested template, its variables and its resources.
/// </summary>
public static class CompiledTemplate
{
    private static readonly Lazy<Task<JsonObject>> Main = new(CompileAsync);

    public static Task<JsonObject> MainAsync() => Main.Value;

    /// <summary>The nested template of the module deployed under <paramref name="name"/> (the <c>name:</c> in main.bicep).</summary>
    public static async Task<JsonObject> ModuleAsync(string name)
    {
        var main = await MainAsync();
        var module = Resources(main).SingleOrDefault(r =>
            (string?)r["type"] == "Microsoft.Resources/deployments" && (string?)r["name"] == name);
        Assert.True(module is not null, $"main.bicep deploys no module named '{name}'.");
        return module!["properties"]!["template"]!.AsObject();
    }

    /// <summary>A template's resources, whether listed (an array) or named by symbol (an object, language version 2.0).</summary>
    public static IEnumerable<JsonObject> Resources(JsonObject template) =>
        template["resources"] switch
        {
            JsonArray list => list.Select(r => r!.AsObject()),
            JsonObject named => named.Select(r => r.Value!.AsObject()),
            _ => [],
        };

    public static JsonObject Variables(JsonObject template) => template["variables"]?.AsObject() ?? [];

    private static async Task<JsonObject> CompileAsync()
    {
        var result = await BicepCli.BuildAsync(BicepCli.MainTemplate);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Output)!.AsObject();
    }
}
