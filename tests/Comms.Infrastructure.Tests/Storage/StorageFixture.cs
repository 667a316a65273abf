using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Comms.Infrastructure;
using Comms.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.Infrastructure.Tests.Storage;

/// <summary>
/// The stores as the apps get them: <see cref="StorageServiceCollectionExtensions.AddCommsStorage"/> over an
/// in-memory configuration pointing at the shared Azurite. Tests use fresh ids, so they share both.
/// </summary>
public sealed class StorageFixture : IAsyncLifetime
{
    private ServiceProvider? provider;

    public string ConnectionString { get; private set; } = "";

    public IServiceProvider Services => provider ?? throw new InvalidOperationException("Not initialised.");

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A raw table client, to check rows independently of the store under test.</summary>
    public TableClient Table(string name) => Get<TableServiceClient>().GetTableClient(name);

    public BlobContainerClient Container(string name) => Get<BlobServiceClient>().GetBlobContainerClient(name);

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        ConnectionString = (await Azurite.SharedAsync()).ConnectionString;
        provider = Build(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = ConnectionString });
    }

    public static ServiceProvider Build(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddCommsStorage(configuration).BuildServiceProvider(validateScopes: true);

        // What a host does when it starts: settings with ValidateOnStart are checked here.
        provider.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        return provider;
    }

    public async Task DisposeAsync()
    {
        if (provider is not null)
        {
            await provider.DisposeAsync();
        }
    }
}
