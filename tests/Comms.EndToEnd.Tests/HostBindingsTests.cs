using System.Globalization;
using System.Text.Json.Nodes;
using Comms.Core.Hosting;
using Comms.Server;
using Comms.Server.Durable;
using Comms.Server.Http;
using Comms.Server.Queues;
using Comms.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// Both hosts held to the one table of bindings (<see cref="HostBindings"/>): Comms.Server's routes and defaults here,
/// the Functions <c>host.json</c> here too, and the Functions attributes through <c>functions.metadata</c>
/// (Comms.Functions.Tests). A value that differs between the hosts fails one of them. The key level of every route is
/// checked on both running hosts (<see cref="BadInputTests"/>).
/// </summary>
public class HostBindingsTests
{
    private static readonly JsonNode HostJson = JsonNode.Parse(File.ReadAllText(RepositoryRoot.File("host.json")))!;

    private static JsonNode Queues => HostJson["extensions"]!["queues"]!;

    private static JsonNode Durable => HostJson["extensions"]!["durableTask"]!;

    [Fact]
    public void The_bindings_table_serves_exactly_the_routes_of_openapi_yaml()
    {
        var declared = HostBindings.Http.Select(r => OpenApiDocument.Route(r.Method, $"/{HostBindings.RoutePrefix}/{r.Route}"));

        Assert.Equal(OpenApiDocument.Routes(OpenApiDocument.DefaultPath).Order(), declared.Order());
    }

    [Fact]
    public void Comms_Server_maps_each_route_of_the_table_with_its_method()
    {
        var served = ServerEndpoints().ToDictionary(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName);

        Assert.Equal(HostBindings.Http.Select(r => r.FunctionName).Order(), served.Keys.Order());
        foreach (var binding in HostBindings.Http)
        {
            var endpoint = served[binding.FunctionName];
            Assert.Equal($"/{HostBindings.RoutePrefix}/{binding.Route}", "/" + endpoint.RoutePattern.RawText!.TrimStart('/'));
            Assert.Equal([binding.Method], endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods);
        }
    }

    [Fact]
    public void Host_json_routes_under_the_tables_prefix_and_names_its_task_hub()
    {
        Assert.Equal(HostBindings.RoutePrefix, (string?)HostJson["extensions"]!["http"]!["routePrefix"]);
        Assert.Equal(HostBindings.Durable.TaskHub, (string?)Durable["hubName"]);
        Assert.Equal(HostBindings.Durable.TaskHub, new DurableOptions().TaskHub);
    }

    [Fact]
    public void Both_hosts_listen_on_the_queues_with_the_tables_settings()
    {
        var table = HostBindings.QueueSettings;
        Assert.Equal(table.BatchSize, (int)Queues["batchSize"]!);
        Assert.Equal(table.NewBatchThreshold, (int)Queues["newBatchThreshold"]!);
        Assert.Equal(table.RetryDelay, Time(Queues["visibilityTimeout"]));
        Assert.Equal(table.MaxDequeueCount, (int)Queues["maxDequeueCount"]!);
        Assert.Equal(table.MaxPollingInterval, Time(Queues["maxPollingInterval"]));

        var server = new QueueListenerOptions();
        Assert.Equal(table.BatchSize, server.BatchSize);
        Assert.Equal(table.RetryDelay, server.RetryDelay);
        Assert.Equal(table.MaxDequeueCount, server.MaxDequeueCount);
        Assert.Equal(table.MaxPollingInterval, server.MaxPollingInterval);
        Assert.Equal(table.ReceiveVisibilityTimeout, server.VisibilityTimeout);
    }

    [Fact]
    public void Both_hosts_run_the_durable_backend_with_the_tables_settings()
    {
        var table = HostBindings.Durable;
        var storage = Durable["storageProvider"]!;
        Assert.Equal("AzureStorage", (string?)storage["type"]);
        Assert.Equal(table.PartitionCount, (int)storage["partitionCount"]!);
        Assert.Equal(table.ControlQueueVisibilityTimeout.Functions, Time(storage["controlQueueVisibilityTimeout"]));
        Assert.Equal(table.WorkItemQueueVisibilityTimeout, Time(storage["workItemQueueVisibilityTimeout"]));
        Assert.Equal(table.MaxQueuePollingInterval, Time(storage["maxQueuePollingInterval"]));
        Assert.Equal(table.MaxConcurrentActivities, (int)Durable["maxConcurrentActivityFunctions"]!);
        Assert.Equal(table.MaxConcurrentOrchestrations, (int)Durable["maxConcurrentOrchestratorFunctions"]!);

        var server = new DurableOptions();
        Assert.Equal(table.PartitionCount, server.PartitionCount);
        Assert.Equal(table.ControlQueueVisibilityTimeout.Server, server.ControlQueueVisibilityTimeout);
        Assert.Equal(table.WorkItemQueueVisibilityTimeout, server.WorkItemQueueVisibilityTimeout);
        Assert.Equal(table.MaxQueuePollingInterval, server.MaxQueuePollingInterval);
        Assert.Equal(table.MaxConcurrentActivities, server.MaxConcurrentActivities);
        Assert.Equal(table.MaxConcurrentOrchestrations, server.MaxConcurrentOrchestrations);
    }

    /// <summary>The one value the hosts' own rules set apart: the Durable extension of Functions refuses a control queue timeout under a minute.</summary>
    [Fact]
    public void The_control_queue_timeout_is_the_one_durable_setting_that_differs_and_each_host_keeps_its_own_rule()
    {
        Assert.True(HostBindings.Durable.ControlQueueVisibilityTimeout.Functions >= TimeSpan.FromMinutes(1));
        Assert.True(HostBindings.Durable.ControlQueueVisibilityTimeout.Server < HostBindings.Durable.ControlQueueVisibilityTimeout.Functions);
    }

    private static TimeSpan Time(JsonNode? value) => TimeSpan.Parse((string)value!, CultureInfo.InvariantCulture);

    private static List<RouteEndpoint> ServerEndpoints()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Comms:Keys:k:Role"] = "admin",
            ["Comms:Keys:k:Secret"] = "a-key-of-16-chars",
        });
        builder.AddCommsServer();
        var app = builder.Build();
        app.MapCommsApi();
        return ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().ToList();
    }
}
