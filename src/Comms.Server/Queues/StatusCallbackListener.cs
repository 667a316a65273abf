using Azure.Storage.Queues;
using Comms.Core.Hosting;
using Comms.Infrastructure.Callbacks;
using Microsoft.Extensions.Options;

namespace Comms.Server.Queues;

/// <summary>
/// The <c>status-callbacks</c> queue: each message goes to <see cref="StatusCallbackDelivery"/>, which owns the
/// retries of the POST; only storage failures reach the poison path. It listens only when
/// <c>Comms:StatusCallbacks:Url</c> is set, so that a process without it never takes another's messages.
/// </summary>
public sealed class StatusCallbackListener(
    QueueServiceClient queues,
    StatusCallbackDelivery delivery,
    IOptions<StatusCallbackOptions> callbackOptions,
    IOptions<QueueListenerOptions> options,
    ILogger<StatusCallbackListener> logger) : QueuePoller(queues, options, logger)
{
    protected override QueueBinding Binding => HostBindings.StatusCallbacks;

    protected override bool Enabled => callbackOptions.Value.Url is not null;

    protected override Task HandleAsync(string text, string messageId, CancellationToken cancellationToken) =>
        delivery.HandleAsync(text, messageId, cancellationToken);

    protected override Task RecordPoisonAsync(string text, string messageId, string reason, CancellationToken cancellationToken) =>
        delivery.RecordPoisonAsync(text, messageId, reason, cancellationToken);
}
