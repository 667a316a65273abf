using System.Text.Json.Nodes;
using Comms.Core.Hosting;
using Comms.Infrastructure.Providers.Sandbox;
using Comms.Infrastructure.Storage;
using Comms.Testing;
using YamlDotNet.RepresentationModel;

namespace Comms.Deployment.Tests;

/// <summary>What the templates create matches what the app uses and what azd deploys.</summary>
public sealed class InfrastructureTemplateTests
{
    [Fact]
    public async Task Storage_holds_every_table_container_and_queue_the_app_uses()
    {
        var storage = CompiledTemplate.Variables(await CompiledTemplate.ModuleAsync("storage"));

        Assert.Subset(Names(storage["tables"]), StorageNames.Tables.ToHashSet());
        Assert.Subset(Names(storage["containers"]), StorageNames.Containers.Append(SandboxSender.ContainerName).ToHashSet());
        Assert.Subset(Names(storage["queues"]), HostBindings.Queues.SelectMany(q => new[] { q.QueueName, q.PoisonQueueName }).ToHashSet());
    }

    [Fact]
    public async Task Storage_accepts_identities_only()
    {
        var storage = await CompiledTemplate.ModuleAsync("storage");
        var account = CompiledTemplate.Resources(storage).Single(r => (string?)r["type"] == "Microsoft.Storage/storageAccounts");

        Assert.False((bool)account["properties"]!["allowSharedKeyAccess"]!);
        Assert.False((bool)account["properties"]!["allowBlobPublicAccess"]!);
    }

    [Fact]
    public async Task The_function_app_is_the_azd_service_on_Flex_Consumption_with_the_app_identity()
    {
        var api = await CompiledTemplate.ModuleAsync("api");
        var resources = CompiledTemplate.Resources(api).ToList();
        var plan = resources.Single(r => (string?)r["type"] == "Microsoft.Web/serverfarms");
        var app = resources.Single(r => (string?)r["type"] == "Microsoft.Web/sites");

        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.Contains("'azd-service-name', 'comms'", app["tags"]!.ToString(), StringComparison.Ordinal);
        var runtime = app["properties"]!["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        Assert.Equal("10.0", (string?)runtime["version"]);
    }

    [Fact]
    public async Task Monitoring_and_key_vault_take_no_keys()
    {
        var monitoring = CompiledTemplate.Resources(await CompiledTemplate.ModuleAsync("monitoring")).ToList();
        var vault = CompiledTemplate.Resources(await CompiledTemplate.ModuleAsync("keyvault")).Single(r => (string?)r["type"] == "Microsoft.KeyVault/vaults");

        Assert.True((bool)monitoring.Single(r => (string?)r["type"] == "Microsoft.Insights/components")["properties"]!["DisableLocalAuth"]!);
        Assert.True((bool)monitoring.Single(r => (string?)r["type"] == "Microsoft.OperationalInsights/workspaces")["properties"]!["features"]!["disableLocalAuth"]!);
        Assert.True((bool)vault["properties"]!["enableRbacAuthorization"]!);
    }

    [Fact]
    public async Task Azure_yaml_deploys_the_Functions_project_as_the_comms_service()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(RepositoryRoot.File("azure.yaml")))
        {
            yaml.Load(reader);
        }

        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        var comms = (YamlMappingNode)services.Children.Single().Value;
        Assert.Equal("comms", services.Children.Single().Key.ToString());
        Assert.Equal("./src/Comms.Functions", comms["project"].ToString());
        Assert.Equal("dotnet", comms["language"].ToString());
        Assert.Equal("function", comms["host"].ToString());
        Assert.True(File.Exists(RepositoryRoot.File("src", "Comms.Functions", "Comms.Functions.csproj")));

        var main = await CompiledTemplate.MainAsync();
        Assert.Contains("AZURE_FUNCTION_APP_NAME", main["outputs"]!.AsObject().Select(o => o.Key));
    }

    private static HashSet<string> Names(JsonNode? list) =>
        list!.AsArray().Select(n => n!.ToString()).ToHashSet(StringComparer.Ordinal);
}
