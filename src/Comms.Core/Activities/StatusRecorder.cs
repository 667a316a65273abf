using Comms.Core.Consent;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Search;
using Comms.Core.Telemetry;

namespace Comms.Core.Activities;

/// <summary>
/// The one way a status report lands: appended to the history (once per report id), then the current status
/// moved forward when the report ranks higher, and a change queued for the status callback. Being the one way,
/// it also counts sends and failures, moves a batch item (and its batch's counts) with its request, and marks the
/// address of an e-mail or SMS reported undeliverable as invalid (README, Consent and preferences), and indexes the
/// provider's message id of a send for the agent page (README, The agent page).
/// </summary>
public sealed class StatusRecorder(IStatusHistory history, IRequestStore requests, IStatusCallbacks callbacks, IBatchStore batches, IConsentStore consent, IDetailStore details, ISearchIndex search)
{
    /// <summary>Returns true when the current status changed.</summary>
    public Task<bool> RecordAsync(StatusReport report, CancellationToken cancellationToken = default) => RecordAsync(report, null, cancellationToken);

    /// <summary>Records the report and, in the same write of the header, the request's archived documents (<see cref="IRequestStore.AdvanceStatusAsync"/>).</summary>
    public async Task<bool> RecordAsync(StatusReport report, IReadOnlyList<DocumentRef>? documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var span = CommsTelemetry.StartRequestSpan("comms.status " + report.Status.ToString().ToLowerInvariant(), report.RequestId);
        span?.SetTag("comms.status_source", report.Source);
        var appended = await history.AppendAsync(report, cancellationToken);

        // The header as the advance read it serves every use below: no read of its own (docs/performance.md, Storage
        // operations per e-mail).
        var failureReason = report.Status is CommsStatus.Failed or CommsStatus.Undeliverable or CommsStatus.Suppressed ? report.Detail : null;
        var (changed, header) = await requests.AdvanceStatusAsync(report.RequestId, report.Status, report.At, failureReason, documents, cancellationToken);
        if (RequestIds.TryParseBatchItem(report.RequestId, out var batchId, out var itemKey))
        {
            // On every record, changed or not: a retry after a crash between the two writes completes the item. The
            // item only moves forward, so a repeat changes nothing.
            var final = report.Final || CommsStatusRules.IsFinal(report.Status);
            var providerMessageId = report.Status == CommsStatus.Sent && report.Source == RequestIds.PipelineSource ? report.Reference : null;
            await batches.AdvanceItemAsync(batchId, itemKey, report.Status, final, report.At, failureReason ?? (report.Status == CommsStatus.Rejected ? report.Detail : null), providerMessageId, cancellationToken);
        }

        if (report.Status == CommsStatus.Sent && report.Source == RequestIds.PipelineSource && SearchTerms.IsSearchable(report.Reference)
            && header is { Children: null or { Count: 0 } } sent)
        {
            // The pipeline's sent report carries the provider's message id (CommsWorkflow); a chain's or fan-out's
            // carries its child's request id instead, which is no outside reference.
            await search.AddAsync([new SearchEntry(report.Reference!.Trim(), SearchField.ProviderMessageId, sent.AccountId, sent.RequestId, sent.CommsType, sent.Channel, sent.CreatedAt)], cancellationToken);
        }

        if (report.Status == CommsStatus.Undeliverable && report.Source != RequestIds.PipelineSource
            && await details.GetAsync(report.RequestId, cancellationToken) is { } detail
            && header is { } undelivered
            && ContactAddresses.Of(undelivered.Channel, detail.Target) is { } address)
        {
            await consent.MarkInvalidAsync(address, report.Detail ?? "reported undeliverable", cancellationToken);
        }

        if (changed)
        {
            await callbacks.EnqueueAsync(new StatusChange(report.RequestId, report.Status, report.At, report.Source, report.Detail), cancellationToken);
        }

        Count(report, appended, changed, header);
        return changed;
    }

    /// <summary>
    /// A sent report counts the first time it lands (a late one may not advance the status past a delivery report);
    /// a failure counts when it ends the request, so failed then undeliverable count once.
    /// </summary>
    private static void Count(StatusReport report, bool appended, bool changed, RequestHeader? header)
    {
        var sent = report.Status == CommsStatus.Sent && appended;
        var failed = report.Status is CommsStatus.Failed or CommsStatus.Undeliverable && changed;
        if (!sent && !failed)
        {
            return;
        }

        if (header is null)
        {
            return;
        }

        var channel = CommsTelemetry.ChannelOf(header.Channel);
        if (sent)
        {
            CommsTelemetry.RequestsSent.Add(1, channel);
            CommsTelemetry.SubmitToSent.Record(Math.Max(0, (report.At - header.CreatedAt).TotalSeconds), channel);
        }
        else
        {
            CommsTelemetry.RequestsFailed.Add(1, channel);
        }
    }
}
