namespace Comms.Testing;

/// <summary>
/// A real Azurite (blob, queue, table) on free loopback ports, in memory, for one test assembly.
/// Each test uses its own table/container/queue names or its own ids, so tests share one instance.
/// </summary>
public sealed class Azurite : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Azurite? shared;
    private readonly string arguments;
    private readonly int[] ports;
    private readonly string? location;
    private ToolProcess process;

    private Azurite(ToolProcess process, string arguments, int blobPort, int queuePort, int tablePort, string? location)
    {
        this.process = process;
        this.arguments = arguments;
        this.location = location;
        ports = [blobPort, queuePort, tablePort];
        ConnectionString =
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey + ";" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    /// <summary>The Azurite of this test process, started on first use.</summary>
    public static async Task<Azurite> SharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return shared ??= await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Starts an Azurite of its own: in memory, or with <paramref name="persistent"/> in a folder of its own, so that
    /// <see cref="StopAsync"/> and <see cref="RestartAsync"/> make a storage outage that loses nothing. With
    /// <paramref name="debugLog"/> it writes its debug log there: every request with its operation, which
    /// <see cref="AzuriteRequestLog"/> counts.
    /// </summary>
    public static async Task<Azurite> StartAsync(bool persistent = false, string? debugLog = null)
    {
        int blob = FreePort.Next(), queue = FreePort.Next(), table = FreePort.Next();
        var location = persistent ? Directory.CreateTempSubdirectory("comms-azurite-").FullName : null;
        var storage = location is null ? "--inMemoryPersistence" : $"--location {location}";
        var debug = debugLog is null ? "" : $" --debug {debugLog}";
        var arguments = $"--silent {storage}{debug} --skipApiVersionCheck --disableProductStyleUrl --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 --blobPort {blob} --queuePort {queue} --tablePort {table}";
        var process = await ToolProcess.StartAsync("azurite", arguments, blob, queue, table);
        return new Azurite(process, arguments, blob, queue, table, location);
    }

    /// <summary>Stops Azurite as an operator would (SIGINT: it saves its data and closes); every port then refuses connections.</summary>
    public Task StopAsync() => process.InterruptAsync(TimeSpan.FromSeconds(30));

    /// <summary>Starts it again on the same ports, with the data <see cref="StopAsync"/> saved (a persistent Azurite only).</summary>
    public async Task RestartAsync()
    {
        if (location is null)
        {
            throw new InvalidOperationException("Only a persistent Azurite keeps its data over a restart.");
        }

        process.Dispose();
        process = await ToolProcess.StartAsync("azurite", arguments, ports);
    }

    public ValueTask DisposeAsync()
    {
        process.Dispose();
        if (location is not null)
        {
            try
            {
                Directory.Delete(location, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left to the system's temp cleaning.
            }
        }

        return ValueTask.CompletedTask;
    }
}
