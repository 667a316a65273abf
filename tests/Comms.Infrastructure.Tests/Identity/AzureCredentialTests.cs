using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Comms.Infrastructure.Identity;
using Comms.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.Infrastructure.Tests.Identity;

/// <summary>One credential for every Azure client, chosen by the settings the Functions host reads for its storage.</summary>
public sealed class AzureCredentialTests
{
    [Fact]
    public void Managedidentity_with_a_client_id_is_that_user_assigned_identity()
    {
        var credential = AzureCredentialServiceCollectionExtensions.CreateCredential(Configuration(new()
        {
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = Guid.NewGuid().ToString(),
        }));

        Assert.IsType<ManagedIdentityCredential>(credential);
    }

    [Fact]
    public void Without_managedidentity_it_is_the_default_chain_for_a_developer_login()
    {
        var credential = AzureCredentialServiceCollectionExtensions.CreateCredential(Configuration(new()));

        Assert.IsType<DefaultAzureCredential>(credential);
    }

    [Fact]
    public void The_credential_is_registered_once_and_shared()
    {
        var configuration = Configuration(new() { ["AzureWebJobsStorage:accountName"] = "commsprod" });
        using var services = new ServiceCollection()
            .AddCommsAzureCredential(configuration)
            .AddCommsStorage(configuration)
            .AddCommsAzureCredential(configuration)
            .BuildServiceProvider();

        Assert.Same(services.GetRequiredService<TokenCredential>(), services.GetRequiredService<TokenCredential>());
        Assert.Single(new ServiceCollection().AddCommsAzureCredential(configuration).AddCommsAzureCredential(configuration), d => d.ServiceType == typeof(TokenCredential));
    }

    /// <summary>
    /// Identity-based storage clients ask the registered credential for a storage token before their first call
    /// (the call itself then finds nothing listening on the loopback port).
    /// </summary>
    [Fact]
    public async Task Identity_based_storage_clients_authenticate_with_the_registered_credential()
    {
        var recorder = new RecordingCredential();
        var endpoint = $"https://127.0.0.1:{FreePort.Next()}";
        var configuration = Configuration(new()
        {
            ["AzureWebJobsStorage:tableServiceUri"] = endpoint,
            ["AzureWebJobsStorage:blobServiceUri"] = endpoint,
        });
        using var services = new ServiceCollection()
            .AddSingleton<TokenCredential>(recorder)
            .AddCommsStorage(configuration)
            .BuildServiceProvider();

        // The token is asked for before the first attempt; the rest would be retries against a closed port.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<Exception>(() => services.GetRequiredService<TableServiceClient>().GetPropertiesAsync(timeout.Token));
        await Assert.ThrowsAnyAsync<Exception>(() => services.GetRequiredService<BlobServiceClient>().GetPropertiesAsync(cancellationToken: timeout.Token));

        Assert.True(recorder.Scopes.Count >= 2, "Both clients asked for a token.");
        Assert.All(recorder.Scopes, scope => Assert.Equal("https://storage.azure.com/.default", scope));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private sealed class RecordingCredential : TokenCredential
    {
        private readonly List<string> scopes = [];

        public IReadOnlyList<string> Scopes
        {
            get { lock (scopes) { return [.. scopes]; } }
        }

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (scopes)
            {
                scopes.AddRange(requestContext.Scopes);
            }

            return new AccessToken("test-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
