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
    private readonly ToolProcess process;

    private Azurite(ToolProcess process, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
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

    public static async Task<Azurite> StartAsync()
    {
        int blob = FreePort.Next(), queue = FreePort.Next(), table = FreePort.Next();
        var process = await ToolProcess.StartAsync(
            "azurite",
            $"--silent --inMemoryPersistence --skipApiVersionCheck --disableProductStyleUrl --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 --blobPort {blob} --queuePort {queue} --tablePort {table}",
            blob, queue, table);
        return new Azurite(process, blob, queue, table);
    }

    public ValueTask DisposeAsync()
    {
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
