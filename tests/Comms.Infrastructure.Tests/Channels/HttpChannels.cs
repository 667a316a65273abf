using Azure.Storage.Blobs;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.Infrastructure.Tests.Channels;

/// <summary>The channels as the apps register them, from configuration pointing at the in-test fakes.</summary>
internal static class HttpChannels
{
    public static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        before?.Invoke(services);
        return services
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton(new BlobServiceClient("UseDevelopmentStorage=true"))
            .AddSingleton<INotificationInbox, InMemoryNotificationInbox>()
            .AddCommsRendering(configuration)
            .AddCommsChannels(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static IMessageSender Sender(this IServiceProvider services, Channel channel) =>
        Assert.Single(services.GetServices<IMessageSender>(), s => s.Channel == channel);

    public static OutboundMessage Message(Channel channel, CommsTarget target, IReadOnlyDictionary<string, string> parts, string? requestId = null)
    {
        requestId ??= "req-" + Guid.NewGuid().ToString("N");
        return new OutboundMessage(requestId, "ACC-1", "InvoiceReady", channel, target, $"{requestId}:send-{channel}", parts, FirstAttemptAt: DateTimeOffset.UtcNow);
    }
}
