using Azure.Storage.Blobs;
using Comms.Core.Ports;
using Comms.Infrastructure.Sftp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.Infrastructure.Providers.PrintHouse;

/// <summary>Letters to the print house: over SFTP (<c>Comms:Sftp:PrintHouse</c>) or into the <c>print-outbox</c> container.</summary>
public static class PrintHouseRegistration
{
    public static IServiceCollection AddSftpPrintHouse(this IServiceCollection services, IConfiguration configuration)
    {
        var printHouse = SftpStore.FromConfiguration(configuration, SftpOptions.PrintHouseSection);
        return services.AddSingleton<IMessageSender>(_ => new PrintHouseSender(new SftpPrintHouseDrop(printHouse)));
    }

    public static IServiceCollection AddBlobPrintHouse(this IServiceCollection services) =>
        services.AddSingleton<IMessageSender>(sp => new PrintHouseSender(new BlobPrintHouseDrop(sp.GetRequiredService<BlobServiceClient>())));
}
