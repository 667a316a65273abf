using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.Options;

namespace Comms.Server.Durable;

/// <summary>
/// The Durable Task sidecar of Comms.Server: the gRPC task-hub server of Microsoft.DurableTask.InProcessTestHost
/// over the configured backend, served on a Unix socket private to this process (never on the public endpoint).
/// The worker and the client of the Durable Task SDK talk to it through <see cref="Channel"/>.
/// </summary>
public sealed class DurableSidecar : IHostedService, IAsyncDisposable
{
    private readonly DurableOptions options;
    private readonly string storageConnection;
    private readonly ILoggerFactory loggerFactory;
    private readonly string socketPath = Path.Combine(Path.GetTempPath(), $"comms-durable-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
    private readonly SemaphoreSlim gate = new(1, 1);
    private WebApplication? host;
    private IOrchestrationService? backend;

    public DurableSidecar(IOptions<DurableOptions> options, IConfiguration configuration, ILoggerFactory loggerFactory)
    {
        this.options = options.Value;
        storageConnection = configuration["AzureWebJobsStorage"] ?? "";
        this.loggerFactory = loggerFactory;
        Channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            },
        });
    }

    public GrpcChannel Channel { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await StartCoreAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Stops the gRPC server and its backend, and starts both again on the same socket: a new backend over the same
    /// task hub, with nothing in memory from the old one. The worker and client reconnect by themselves.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            await StopCoreAsync(cancellationToken);
            await StartCoreAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        File.Delete(socketPath);
        var service = await CreateBackendAsync(cancellationToken);
        backend = service;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddSingleton(loggerFactory);
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socketPath, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(PlainTagsOrchestrationService.Wrap(service));
        builder.Services.AddSingleton((IOrchestrationServiceClient)service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        host = builder.Build();
        host.MapGrpcService<TaskHubGrpcServer>();
        await host.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (host is not null)
        {
            await host.StopAsync(cancellationToken);
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        if (host is not null)
        {
            await host.StopAsync(cancellationToken);
            await host.DisposeAsync();
            host = null;
        }

        (backend as IDisposable)?.Dispose();
        backend = null;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }

        (backend as IDisposable)?.Dispose();
        gate.Dispose();
        File.Delete(socketPath);
    }

    private async Task<IOrchestrationService> CreateBackendAsync(CancellationToken cancellationToken)
    {
        if (options.Backend == DurableBackend.InMemory)
        {
            return new InMemoryOrchestrationService(loggerFactory);
        }

        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHub,
            StorageAccountClientProvider = StorageAccount(),
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            PartitionCount = options.PartitionCount,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            LoggerFactory = loggerFactory,
        };
        var service = new AzureStorageOrchestrationService(settings);
        cancellationToken.ThrowIfCancellationRequested();
        await service.CreateIfNotExistsAsync();
        return service;
    }

    private StorageAccountClientProvider StorageAccount()
    {
        if (!string.IsNullOrEmpty(storageConnection))
        {
            return new StorageAccountClientProvider(storageConnection);
        }

        throw new InvalidOperationException(
            "AzureWebJobsStorage is not set: Comms.Server's AzureStorage durable backend needs a storage connection string (UseDevelopmentStorage=true for Azurite).");
    }
}
