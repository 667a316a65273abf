using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;

namespace Comms.Infrastructure.Providers.Sandbox;

/// <summary>
/// A channel's provider in test mode: sends nothing, records the message with its rendered content as
/// <c>sandbox-outbox/{channel}/{requestId}.json</c>, and reports it delivered. The default of the local run.
/// </summary>
public sealed class SandboxSender(Channel channel, BlobServiceClient blobs) : IMessageSender
{
    public const string ContainerName = "sandbox-outbox";
    public const string ProviderName = "sandbox";

    private readonly BlobContainerClient container = blobs.GetBlobContainerClient(ContainerName);
    private volatile bool containerExists;

    public Channel Channel => channel;

    /// <summary>The outbox blob of a request on this channel.</summary>
    public static string BlobName(Channel channel, string requestId) => $"{channel.WireName()}/{requestId}.json";

    public async Task<SendReceipt> SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        if (!containerExists)
        {
            // Once per sender: a race only creates it twice, which the call tolerates.
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            containerExists = true;
        }

        // Overwritten by a repeated send, so the outbox holds each request once.
        await container.GetBlobClient(BlobName(channel, message.RequestId)).UploadAsync(
            BinaryData.FromString(CommsJson.Serialize(message)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);
        return new SendReceipt(ProviderName, "sandbox-" + message.RequestId, CommsStatus.Delivered);
    }
}
