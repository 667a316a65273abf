using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Comms.Core.Ports;
using Comms.Infrastructure.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.Infrastructure.Tests.Storage;

public sealed class StorageRegistrationTests
{
    [Fact]
    public void Every_port_resolves_to_its_store()
    {
        using var services = StorageFixture.Build(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.IsType<TableRequestStore>(services.GetRequiredService<IRequestStore>());
        Assert.IsType<TableStatusHistory>(services.GetRequiredService<IStatusHistory>());
        Assert.IsType<TableDetailStore>(services.GetRequiredService<IDetailStore>());
        Assert.IsType<TableSendLedger>(services.GetRequiredService<ISendLedger>());
        Assert.IsType<TableRejectedStore>(services.GetRequiredService<IRejectedStore>());
        Assert.IsType<TableProfileStore>(services.GetRequiredService<IProfileStore>());
        Assert.IsType<TableNotificationInbox>(services.GetRequiredService<INotificationInbox>());
        Assert.IsType<BlobWorkStore>(services.GetRequiredService<IWorkStore>());
        Assert.IsType<BlobArchive>(services.GetRequiredService<IArchive>());
        Assert.IsType<StorageProbe>(services.GetRequiredService<IStorageProbe>());
        Assert.Same(services.GetRequiredService<IRequestStore>(), services.GetRequiredService<IRequestStore>());
        Assert.Equal("devstoreaccount1", services.GetRequiredService<TableServiceClient>().AccountName);
        Assert.Equal("devstoreaccount1", services.GetRequiredService<QueueServiceClient>().AccountName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("managedidentity")]
    public void Identity_based_settings_use_the_account_endpoints(string? credential)
    {
        using var services = StorageFixture.Build(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:accountName"] = "commsprod",
            ["AzureWebJobsStorage:credential"] = credential,
            ["AzureWebJobsStorage:clientId"] = credential is null ? null : Guid.NewGuid().ToString(),
        });

        Assert.Equal(new Uri("https://commsprod.table.core.windows.net/"), services.GetRequiredService<TableServiceClient>().Uri);
        Assert.Equal(new Uri("https://commsprod.blob.core.windows.net/"), services.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal(new Uri("https://commsprod.queue.core.windows.net/"), services.GetRequiredService<QueueServiceClient>().Uri);
    }

    [Fact]
    public void A_service_uri_overrides_the_account_name()
    {
        using var services = StorageFixture.Build(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage:accountName"] = "commsprod",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://blobs.example.net/",
        });

        Assert.Equal(new Uri("https://blobs.example.net/"), services.GetRequiredService<BlobServiceClient>().Uri);
        Assert.Equal(new Uri("https://commsprod.table.core.windows.net/"), services.GetRequiredService<TableServiceClient>().Uri);
    }

    [Fact]
    public void Missing_settings_fail_with_a_clear_message()
    {
        using var services = StorageFixture.Build(new Dictionary<string, string?>());

        var e = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<TableServiceClient>());
        Assert.Contains("AzureWebJobsStorage", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_archive_on_sftp_is_chosen_by_configuration()
    {
        using var services = StorageFixture.Build(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Comms:Archive:Provider"] = "sftp",
            ["Comms:Sftp:Archive:Host"] = "127.0.0.1",
            ["Comms:Sftp:Archive:UserName"] = "archive",
            ["Comms:Sftp:Archive:Password"] = "secret",
            ["Comms:Sftp:Archive:HostKeySha256"] = "SHA256:" + new string('A', 43),
        });

        Assert.IsType<SftpArchive>(services.GetRequiredService<IArchive>());
    }

    [Theory]
    [InlineData("Sftp", "Comms:Sftp:Archive:HostKeySha256 is required")]
    [InlineData("S3", "Comms:Archive:Provider is 'S3', which is not a provider")]
    public void An_unusable_archive_setting_fails_at_startup(string provider, string reason)
    {
        var e = Assert.ThrowsAny<Exception>(() => StorageFixture.Build(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Comms:Archive:Provider"] = provider,
            ["Comms:Sftp:Archive:Host"] = "127.0.0.1",
            ["Comms:Sftp:Archive:UserName"] = "archive",
            ["Comms:Sftp:Archive:Password"] = "secret",
        }));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
