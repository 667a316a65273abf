using System.Text;
using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Templating;
using Comms.Core.Text;
using Microsoft.Extensions.Options;

namespace Comms.Core.Batches;

/// <summary>
/// Reads a batch's source once, line by line: each valid item is listed under its key and written to a chunk blob of
/// accepted requests, each invalid one is listed under its line with the reason, and the counts are set. Safe to run
/// again after a crash: the same lines make the same groups and chunks, and a group listed before is left as it is.
/// </summary>
public sealed class PrepareBatchActivity(
    IBatchStore batches,
    IBatchFiles files,
    TemplateSets templates,
    ICancellationKeys cancellationKeys,
    IOptions<BatchOptions> options,
    TimeProvider time)
    : ICommsActivity<string, BatchPlan>
{
    public async Task<BatchPlan> RunAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var batch = await batches.GetAsync(batchId, cancellationToken) ?? throw new InvalidOperationException($"Batch '{batchId}' has no row.");
        if (batch.Prepared)
        {
            return new BatchPlan(batch.Chunks, batch.Error);
        }

        var defaults = JsonInput.ParseObject(Encoding.UTF8.GetBytes(batch.Defaults), new InputErrors()) ?? [];
        await using var source = await files.OpenSourceAsync(batch, cancellationToken);
        if (source is null)
        {
            return await FailAsync(batch, $"The blob '{batch.ItemsBlob}' is not in comms-batches.", cancellationToken);
        }

        if (batch.Source == BatchSource.Blob && await CountAsync(batch, cancellationToken) > BatchParser.MaxBlobItems)
        {
            return await FailAsync(batch, $"More than {BatchParser.MaxBlobItems} items; split the batch.", cancellationToken);
        }

        var now = time.GetUtcNow();
        var chunkSize = options.Value.ChunkSize;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var group = new List<BatchItem>(IBatchStore.MaxGroup);
        var chunk = new StringBuilder();
        var (groups, chunks, inChunk, expected, accepted, invalid) = (0, 0, 0, 0, 0, 0);
        await foreach (var line in NdjsonLines.ReadAsync(source, BatchParser.MaxLineBytes, cancellationToken))
        {
            expected++;
            var item = line.Content is null
                ? new ParsedItem(null, null, $"The line is longer than {BatchParser.MaxLineBytes / 1024} KB.")
                : BatchParser.ParseItem(line.Content, batch.BatchId, defaults);
            var reason = item.Reason;
            if (item.Request is { } request && (await templates.ForRequestAsync(request, cancellationToken)).Missing is { } missing)
            {
                reason = $"commsType: There are no {missing.WireName()} templates for comms type '{request.CommsType}'.";
            }
            else if (item.ItemKey is { } key && !seen.TryAdd(key, line.Number))
            {
                reason = $"itemKey: '{key}' is also the key of line {seen[key]}.";
            }

            if (reason is null && item.Request is { } valid)
            {
                accepted++;
                if (valid.CancellationKey is { } cancellationKey)
                {
                    // Listed now, so that the key cancels the item before its chunk starts it.
                    await cancellationKeys.AddAsync(cancellationKey, valid.RequestId, cancellationToken);
                }

                group.Add(new BatchItem(batch.BatchId, line.Number, item.ItemKey, valid.RequestId, valid.Channel, CommsStatus.Received, false, null, now));
                chunk.Append(CommsJson.Serialize(valid)).Append('\n');
                if (++inChunk == chunkSize)
                {
                    await files.PutChunkAsync(batch.BatchId, chunks++, Encoding.UTF8.GetBytes(chunk.ToString()), cancellationToken);
                    (chunk, inChunk) = (new StringBuilder(), 0);
                }
            }
            else
            {
                invalid++;
                group.Add(new BatchItem(batch.BatchId, line.Number, item.ItemKey, null, null, null, true, reason, now));
            }

            if (group.Count == IBatchStore.MaxGroup)
            {
                await batches.AddItemsAsync(batch.BatchId, groups++, group, cancellationToken);
                group.Clear();
            }
        }

        if (inChunk > 0)
        {
            await files.PutChunkAsync(batch.BatchId, chunks++, Encoding.UTF8.GetBytes(chunk.ToString()), cancellationToken);
        }

        if (group.Count > 0)
        {
            await batches.AddItemsAsync(batch.BatchId, groups, group, cancellationToken);
        }

        await batches.MarkPreparedAsync(batch.BatchId, expected, accepted, invalid, chunks, expected == 0 ? "The batch has no items." : null, cancellationToken);
        return new BatchPlan(chunks);
    }

    /// <summary>The items of a blob, read once before anything is written, so that a batch too large starts nothing.</summary>
    private async Task<int> CountAsync(BatchHeader batch, CancellationToken cancellationToken)
    {
        await using var source = await files.OpenSourceAsync(batch, cancellationToken);
        var count = 0;
        if (source is not null)
        {
            await foreach (var unused in NdjsonLines.ReadAsync(source, BatchParser.MaxLineBytes, cancellationToken))
            {
                if (++count > BatchParser.MaxBlobItems)
                {
                    break;
                }
            }
        }

        return count;
    }

    private async Task<BatchPlan> FailAsync(BatchHeader batch, string error, CancellationToken cancellationToken)
    {
        await batches.MarkPreparedAsync(batch.BatchId, 0, 0, 0, 0, error, cancellationToken);
        return new BatchPlan(0, error);
    }
}
