using Comms.Testing;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Comms.Functions.Tests;

/// <summary>
/// What the Functions host will see: the <c>functions.metadata</c> the SDK generated from the attributes, and the
/// files that go with it. Names and bindings here are part of the contract (routes, queue names) or of running
/// orchestrations (orchestrator and activity names), so a change must be deliberate.
/// </summary>
public sealed class FunctionsMetadataTests
{
    public static TheoryData<string, string, string, string> HttpFunctions => new()
    {
        { "SubmitComms", "post", "comms", "Function" },
        { "GetComms", "get", "comms/{requestId}", "Function" },
        { "ListAccountComms", "get", "accounts/{accountId}/comms", "Function" },
        { "GetCommsDocument", "get", "comms/{requestId}/documents/{name}", "Function" },
        { "ListNotifications", "get", "accounts/{accountId}/notifications", "Function" },
        { "MarkNotificationRead", "post", "accounts/{accountId}/notifications/{id}/read", "Function" },
        { "PutProfile", "put", "accounts/{accountId}/profile", "Function" },
        { "GetProfile", "get", "accounts/{accountId}/profile", "Function" },
        { "ListRejected", "get", "rejected", "Function" },
        { "ReportStatus", "post", "comms/{requestId}/status", "Anonymous" },
        { "AcsEvents", "post", "events/acs", "Function" },
        { "Health", "get", "health", "Anonymous" },
    };

    public static TheoryData<string, string> QueueFunctions => new()
    {
        { "WorkflowEvent", "workflow-events" },
        { "WorkflowEventPoison", "workflow-events-poison" },
        { "StatusCallback", "status-callbacks" },
        { "StatusCallbackPoison", "status-callbacks-poison" },
    };

    public static TheoryData<string> ActivityFunctions => new() { "Gather", "Render", "Send", "Store", "RecordStatus" };

    private static IEnumerable<string> Names(IEnumerable<object[]> rows) => rows.Select(row => (string)row[0]);

    private static readonly string[] StartsOrchestrations = ["AcsEvents", "ReportStatus", "SubmitComms", "WorkflowEvent"];

    [Fact]
    public void Exactly_the_expected_functions_are_generated()
    {
        var expected = Names(HttpFunctions)
            .Concat(Names(QueueFunctions))
            .Concat(Names(ActivityFunctions))
            .Append("CommsOrchestration")
            .Order(StringComparer.Ordinal);

        Assert.Equal(expected, FunctionsBuildOutput.Functions.Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Http_function_has_its_route_method_and_key_level(string name, string method, string route, string authLevel)
    {
        var trigger = FunctionsBuildOutput.Function(name).Trigger;

        Assert.Equal("httpTrigger", trigger.Type);
        Assert.Equal(route, trigger.Property("route"));
        Assert.Equal([method], trigger.Methods);
        Assert.Equal(authLevel, trigger.Property("authLevel"));
    }

    [Theory]
    [MemberData(nameof(QueueFunctions))]
    public void Queue_function_listens_to_its_queue_on_the_host_storage(string name, string queueName)
    {
        var trigger = FunctionsBuildOutput.Function(name).Trigger;

        Assert.Equal("queueTrigger", trigger.Type);
        Assert.Equal(queueName, trigger.Property("queueName"));
        Assert.Equal("AzureWebJobsStorage", trigger.Property("connection"));
        Assert.Equal("String", trigger.Property("dataType"));
    }

    [Fact]
    public void The_workflow_is_an_orchestration_named_CommsOrchestration()
    {
        Assert.Equal("orchestrationTrigger", FunctionsBuildOutput.Function("CommsOrchestration").Trigger.Type);
    }

    [Theory]
    [MemberData(nameof(ActivityFunctions))]
    public void Each_step_is_an_activity(string name)
    {
        Assert.Equal("activityTrigger", FunctionsBuildOutput.Function(name).Trigger.Type);
    }

    [Fact]
    public void Only_the_functions_that_start_orchestrations_bind_a_durable_client()
    {
        var withClient = FunctionsBuildOutput.Functions.Where(f => f.Has("durableClient")).Select(f => f.Name).Order(StringComparer.Ordinal);

        Assert.Equal(StartsOrchestrations.Order(StringComparer.Ordinal), withClient);
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
        Assert.Equal("CommsHub", (string?)host["extensions"]!["durableTask"]!["hubName"]);
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
            await Dotnet.RunAsync(
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

/// <summary>Runs the dotnet CLI that runs these tests.</summary>
internal static class Dotnet
{
    public static async Task RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
