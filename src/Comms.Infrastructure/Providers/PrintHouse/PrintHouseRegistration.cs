using Azure.Storage.Blobs;
using Comms.Core.Ports;
using Comms.Infrastructure.Sftp;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.Infrastructure.Providers.PrintHouse;

/// <summary>Letters to the print house: over SFTP (<c>Comms:Sftp:PrintHouse</c>) or into the <c>print-outbox</c> container.</summary>
public static class PrintHouseRegistration
{
    public static IServiceCollection AddSftpPrintHouse(this IServiceCollection services) =>
        SftpStore.AddSftpStore(services, SftpOptions.PrintHouseSection)
            .AddSingleton<IMessageSender>(sp => new PrintHouseSender(new SftpPrintHouseDrop(sp.GetRequiredKeyedService<SftpStore>(SftpOptions.PrintHouseSection))));

    public static IServiceCollection AddBlobPrintHouse(this IServiceCollection services) =>
        services.AddSingleton<IMessageSender>(sp => new PrintHouseSender(new BlobPrintHouseDrop(sp.GetRequiredService<BlobServiceClient>())));
}
