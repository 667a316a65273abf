using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Comms.Core.Domain;
using Comms.Core.Text;
using Comms.Infrastructure.Providers.Sandbox;
using Comms.Testing;

namespace Comms.Infrastructure.Tests.Channels;

public sealed class SandboxSenderTests
{
    [Fact]
    public async Task Records_the_rendered_message_as_the_channel_outbox()
    {
        var blobs = new BlobServiceClient((await Azurite.SharedAsync()).ConnectionString);
        var sender = new SandboxSender(Channel.PushToHandset, blobs);
        var message = Message("req-" + Guid.NewGuid().ToString("N"), "Invoice INV-1 is ready");

        var receipt = await sender.SendAsync(message);

        Assert.Equal(Channel.PushToHandset, sender.Channel);
        Assert.Equal(new SendReceipt("sandbox", "sandbox-" + message.RequestId, CommsStatus.Delivered), receipt);
        var blob = blobs.GetBlobContainerClient("sandbox-outbox").GetBlobClient($"pushToHandset/{message.RequestId}.json");
        var content = (await blob.DownloadContentAsync()).Value;
        Assert.Equal("application/json", content.Details.ContentType);
        var stored = CommsJson.Deserialize<OutboundMessage>(content.Content.ToString());
        Assert.NotNull(stored);
        Assert.Equal(message.RequestId, stored.RequestId);
        Assert.Equal(message.Target, stored.Target);
        Assert.Equal(message.Parts, stored.Parts);
        Assert.Contains("\"channel\":\"pushToHandset\"", content.Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_send_leaves_one_record()
    {
        var blobs = new BlobServiceClient((await Azurite.SharedAsync()).ConnectionString);
        var requestId = "req-" + Guid.NewGuid().ToString("N");

        await new SandboxSender(Channel.PushToHandset, blobs).SendAsync(Message(requestId, "first"));
        await new SandboxSender(Channel.PushToHandset, blobs).SendAsync(Message(requestId, "second"));

        var container = blobs.GetBlobContainerClient("sandbox-outbox");
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = "pushToHandset/" + requestId }, CancellationToken.None))
        {
            names.Add(item.Name);
        }

        Assert.Equal([$"pushToHandset/{requestId}.json"], names);
        var stored = CommsJson.Deserialize<OutboundMessage>((await container.GetBlobClient(names[0]).DownloadContentAsync()).Value.Content.ToString());
        Assert.Equal("second", stored?.Part(ChannelParts.Title));
    }

    private static OutboundMessage Message(string requestId, string title) => new(
        requestId,
        "ACC-1",
        "InvoiceReady",
        Channel.PushToHandset,
        new CommsTarget("Ada", InstallationId: "device-1"),
        requestId + ":push",
        new Dictionary<string, string> { [ChannelParts.Title] = title, [ChannelParts.Body] = "Amount due: £42.50 <b>" });
}
