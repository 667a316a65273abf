using Azure.Storage.Blobs;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.Infrastructure.Providers.Sandbox;

/// <summary>The Sandbox provider of a channel: records each message in the <c>sandbox-outbox</c> container, sends nothing.</summary>
public static class SandboxRegistration
{
    public static IServiceCollection AddSandbox(this IServiceCollection services, Channel channel) =>
        services.AddSingleton<IMessageSender>(sp => new SandboxSender(channel, sp.GetRequiredService<BlobServiceClient>()));
}
