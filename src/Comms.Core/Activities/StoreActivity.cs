using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Telemetry;
using Comms.Core.Workflow;

namespace Comms.Core.Activities;

/// <summary>The seed's Storage Daemon: every rendered part goes to the long-term archive, recorded on the request.</summary>
public sealed class StoreActivity(IWorkStore work, IArchive archive, IRequestStore requests, IBatchStore batches) : ICommsActivity<StoreInput, StoreResult>
{
    public async Task<StoreResult> RunAsync(StoreInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var stored = await ArchiveAsync(input, cancellationToken);
        await requests.SetDocumentsAsync(input.Request.RequestId, stored.Documents, cancellationToken);
        return stored;
    }

    /// <summary>
    /// Archives every part and records the names on the request's batch item, if it is one; the request's own header
    /// is left to the caller: <see cref="RunAsync"/> writes it, Proceed writes it with the <c>sent</c> status.
    /// </summary>
    public async Task<StoreResult> ArchiveAsync(StoreInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = CommsTelemetry.StartRequestSpan("comms.store", input.Request.RequestId);
        var request = input.Request;
        var documents = new List<DocumentRef>();
        foreach (var artefact in input.Rendered.Artefacts)
        {
            var content = await work.ReadAsync(artefact, cancellationToken);
            documents.Add(await archive.StoreAsync(request.AccountId, request.RequestId, artefact.Name, artefact.ContentType, content, cancellationToken));
        }

        if (RequestIds.TryParseBatchItem(request.RequestId, out var batchId, out var itemKey))
        {
            await batches.SetItemDocumentsAsync(batchId, itemKey, [.. documents.Select(d => d.Name)], cancellationToken);
        }

        return new StoreResult(documents);
    }
}
