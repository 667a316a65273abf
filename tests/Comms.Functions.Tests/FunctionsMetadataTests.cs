using System.Text.Json;
using System.Text.Json.Nodes;
using Comms.Core.Hosting;
using Comms.Testing;

namespace Comms.Functions.Tests;

/// <summary>
/// What the Functions host will see: the <c>functions.metadata</c> the SDK generated from the attributes, and the
/// files that go with it. Names and bindings here are part of the contract (routes, queue names) or of running
/// orchestrations (orchestrator and activity names), so a change must be deliberate.
/// </summary>
public sealed class FunctionsMetadataTests
{
    public static TheoryData<string> HttpFunctions => [.. HostBindings.Http.Select(r => r.FunctionName)];

    public static TheoryData<string> QueueFunctions => [.. HostBindings.Queues.SelectMany(q => new[] { q.FunctionName, q.PoisonFunctionName })];

    public static TheoryData<string> ActivityFunctions => [.. HostBindings.Activities];

    private static IEnumerable<string> Names(IEnumerable<object[]> rows) => rows.Select(row => (string)row[0]);

    /// <summary>The functions that start or signal orchestrations, and Health, which asks the task hub whether it answers.</summary>
    private static readonly string[] BindDurableClient = ["AcsEvents", "Health", "ReportStatus", "ResendComms", "StartBatchChunk", "SubmitBatch", "SubmitComms", "WorkflowEvent"];

    [Fact]
    public void Exactly_the_expected_functions_are_generated()
    {
        var expected = Names(HttpFunctions)
            .Concat(Names(QueueFunctions))
            .Concat(Names(ActivityFunctions))
            .Append(HostBindings.Orchestration)
            .Append(HostBindings.BatchOrchestration)
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, FunctionsBuildOutput.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Http_function_has_the_route_and_method_of_the_bindings_table_and_is_anonymous_to_the_host(string name)
    {
        var binding = HostBindings.Http.Single(r => r.FunctionName == name);
        var trigger = FunctionsBuildOutput.Function(name).Trigger;

        Assert.Equal("httpTrigger", trigger.Type);
        Assert.Equal(binding.Route, trigger.Property("route"));
        Assert.Equal([binding.Method.ToLowerInvariant()], trigger.Methods);
        // The app checks the key and its role (ApiKeyMiddleware), so the host's function keys gate nothing.
        Assert.Equal("Anonymous", trigger.Property("authLevel"));
    }

    [Theory]
    [MemberData(nameof(QueueFunctions))]
    public void Queue_function_listens_to_its_queue_of_the_bindings_table_on_the_host_storage(string name)
    {
        var binding = HostBindings.Queues.Single(q => q.FunctionName == name || q.PoisonFunctionName == name);
        var trigger = FunctionsBuildOutput.Function(name).Trigger;

        Assert.Equal("queueTrigger", trigger.Type);
        Assert.Equal(name == binding.FunctionName ? binding.QueueName : binding.PoisonQueueName, trigger.Property("queueName"));
        Assert.Equal(HostBindings.StorageConnection, trigger.Property("connection"));
        Assert.Equal("String", trigger.Property("dataType"));
    }

    [Fact]
    public void The_workflow_is_an_orchestration_named_CommsOrchestration()
    {
        Assert.Equal("CommsOrchestration", HostBindings.Orchestration);
        Assert.Equal("orchestrationTrigger", FunctionsBuildOutput.Function(HostBindings.Orchestration).Trigger.Type);
    }

    [Theory]
    [MemberData(nameof(ActivityFunctions))]
    public void Each_step_is_an_activity(string name)
    {
        Assert.Equal("activityTrigger", FunctionsBuildOutput.Function(name).Trigger.Type);
    }

    [Fact]
    public void Only_the_functions_that_start_orchestrations_or_probe_them_bind_a_durable_client()
    {
        var withClient = FunctionsBuildOutput.Functions.Where(f => f.Has("durableClient")).Select(f => f.Name).Order(StringComparer.Ordinal);

        Assert.Equal(BindDurableClient.Order(StringComparer.Ordinal), withClient);
    }

    [Fact]
    public void Host_json_of_the_repository_root_is_in_the_output()
    {
        var output = Path.Combine(FunctionsBuildOutput.Directory, "host.json");

        Assert.True(File.Exists(output), $"No host.json in {FunctionsBuildOutput.Directory}.");
        Assert.Equal(File.ReadAllText(RepositoryRoot.File("host.json")), File.ReadAllText(output));
    }

    [Fact]
    public void Host_json_lets_the_core_decode_queue_messages()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsBuildOutput.Directory, "host.json")))!;

        Assert.Equal("2.0", (string?)host["version"]);
        // The core accepts base64 and raw JSON; with the default (base64) the host would poison raw JSON itself.
        Assert.Equal("none", (string?)host["extensions"]!["queues"]!["messageEncoding"]);
        Assert.Equal("api", (string?)host["extensions"]!["http"]!["routePrefix"]);
        Assert.Equal(HostBindings.RoutePrefix, (string?)host["extensions"]!["http"]!["routePrefix"]);
    }

    /// <summary>
    /// The publish file list: host.json goes, local.settings.json (a developer's secrets) never does. A placeholder
    /// local.settings.json is made for the check when the developer has none (git ignores it).
    /// </summary>
    [Fact]
    public async Task Publish_takes_host_json_but_never_local_settings()
    {
        var localSettings = Path.Combine(Path.GetDirectoryName(FunctionsBuildOutput.ProjectFile)!, "local.settings.json");
        var made = !File.Exists(localSettings);
        if (made)
        {
            await File.WriteAllTextAsync(localSettings, """{ "IsEncrypted": false, "Values": {} }""");
        }

        var result = Path.GetTempFileName();
        try
        {
            await DotnetCli.RunAsync(
                TimeSpan.FromMinutes(2),
                "msbuild", FunctionsBuildOutput.ProjectFile, "-nologo", "-t:ComputeResolvedFilesToPublishList",
                "-getItem:ResolvedFileToPublish", $"-getResultOutputFile:{result}", $"-p:Configuration={FunctionsBuildOutput.Configuration}");

            using var items = JsonDocument.Parse(await File.ReadAllTextAsync(result));
            var published = items.RootElement.GetProperty("Items").GetProperty("ResolvedFileToPublish").EnumerateArray()
                .Select(i => i.GetProperty("RelativePath").GetString()!)
                .ToList();

            Assert.Contains("host.json", published);
            Assert.Contains("functions.metadata", published);
            Assert.DoesNotContain(published, p => Path.GetFileName(p).Equals("local.settings.json", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            File.Delete(result);
            if (made)
            {
                File.Delete(localSettings);
            }
        }
    }
}
