using System.Globalization;
using System.Text;
using Comms.Core.Batches;
using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Comms.Core.Text;
using Microsoft.AspNetCore.Http;

namespace Comms.Api.Batches;

/// <summary>
/// Batches and cancels (openapi.yaml, README Batches): submit, track, reconcile and cancel a bill run, cancel one
/// request or every request of a cancellation key. Shared by both hosts, like <see cref="CommsApi"/>.
/// </summary>
public sealed class BatchesApi(BatchIntake intake, IBatchStore batches, Cancellations cancellations, IRequestStore requests, Audit.AuditApi audit)
{
    private const int MaxItemsPage = 1000;

    /// <summary><c>POST /api/batches</c>: 202 for a new batch, 200 with its state for the same batch again, 409 for a different one.</summary>
    public async Task<IResult> SubmitAsync(HttpRequest http, IWorkflowClient workflow, CancellationToken cancellationToken = default)
    {
        var body = await CommsApi.ReadBodyAsync(http, BatchParser.MaxInlineBytes, cancellationToken);
        if (body is null)
        {
            return CommsApi.TooLarge(BatchParser.MaxInlineBytes);
        }

        var (envelope, errors) = BatchParser.ParseEnvelope(body);
        if (envelope is null)
        {
            return Results.ValidationProblem(errors!, title: "The batch is invalid.");
        }

        var result = await intake.SubmitAsync(envelope, workflow, cancellationToken);
        var uri = $"{http.Scheme}://{http.Host}{http.PathBase}/api/batches/{Uri.EscapeDataString(envelope.BatchId)}";
        return result.Disposition switch
        {
            BatchDisposition.Created => Results.Json(await ViewAsync(result.Header!, cancellationToken), CommsJson.Options, statusCode: StatusCodes.Status202Accepted).WithLocation(http, uri),
            BatchDisposition.Existing => Results.Json(await ViewAsync(result.Header!, cancellationToken), CommsJson.Options),
            BatchDisposition.Conflict => Results.Problem(
                title: "A different batch already has this batchId.",
                detail: $"Batch '{envelope.BatchId}' exists with different content; use a new batchId.",
                statusCode: StatusCodes.Status409Conflict),
            _ => Results.ValidationProblem(new Dictionary<string, string[]> { ["itemsBlob"] = [result.Problem!] }, title: "The batch is invalid."),
        };
    }

    public async Task<IResult> GetAsync(string batchId, CancellationToken cancellationToken = default)
    {
        var batch = RequestIds.IsValidBatch(batchId) ? await batches.GetAsync(batchId, cancellationToken) : null;
        return batch is null ? CommsApi.NotFound("batch", batchId) : Results.Json(await ViewAsync(batch, cancellationToken), CommsJson.Options);
    }

    /// <summary>
    /// <c>GET /api/batches/{id}/items?status=…</c>: a page of items (JSON), or with <c>Accept: text/csv</c> every item
    /// as the reconciliation report, one row per item.
    /// </summary>
    public async Task<IResult> ListItemsAsync(string batchId, HttpRequest http, CancellationToken cancellationToken = default)
    {
        if (!RequestIds.IsValidBatch(batchId) || await batches.GetAsync(batchId, cancellationToken) is null)
        {
            return CommsApi.NotFound("batch", batchId);
        }

        var status = http.Query["status"].FirstOrDefault();
        if (status is not null && status != "invalid" && !BatchView.Statuses.Any(s => BatchView.Wire(s) == status))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["Must be invalid or a status: " + string.Join(", ", BatchView.Statuses.Select(BatchView.Wire)) + "."] });
        }

        if (http.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase)))
        {
            return Results.Text(await CsvAsync(batchId, status, cancellationToken), "text/csv; charset=utf-8");
        }

        var token = http.Query["continuationToken"].FirstOrDefault();
        var size = http.Query["pageSize"].FirstOrDefault();
        var pageSize = CommsApi.DefaultPageSize;
        if ((size is not null && (!int.TryParse(size, out pageSize) || pageSize < 1 || pageSize > MaxItemsPage)) || token is { Length: > 2048 })
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["pageSize"] = [$"Must be a whole number from 1 to {MaxItemsPage}; continuationToken at most 2048 characters."] });
        }

        var page = await batches.ListItemsAsync(batchId, status, pageSize, token, cancellationToken);
        return Results.Json(new ItemsPage<BatchItemView>(page.Items.Select(BatchItemView.Of).ToList(), page.ContinuationToken), CommsJson.Options);
    }

    /// <summary><c>POST /api/batches/{id}/cancel</c>: every item not yet sent is cancelled, and the batch starts no more.</summary>
    public async Task<IResult> CancelAsync(string batchId, HttpRequest http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!RequestIds.IsValidBatch(batchId) || await batches.GetAsync(batchId, cancellationToken) is null)
        {
            return CommsApi.NotFound("batch", batchId);
        }

        await audit.RecordAsync(Caller.Of(http.HttpContext), AuditActions.BatchCancel, AuditScope.Batch(batchId), batchId, null, cancellationToken);
        var counts = await cancellations.CancelBatchAsync(batchId, cancellationToken);
        return counts is null
            ? CommsApi.NotFound("batch", batchId)
            : Results.Json(new CancelCountsView(batchId, null, counts.Cancelled, counts.TooLate), CommsJson.Options);
    }

    /// <summary><c>POST /api/comms/{id}/cancel</c>: 200 when cancelled (now or before), 409 with the status once the send has started.</summary>
    public async Task<IResult> CancelRequestAsync(string requestId, HttpRequest http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!RequestIds.IsValid(requestId))
        {
            return CommsApi.NotFound("request", requestId);
        }

        // In the account's log; a batch item not started yet has no account on record, so in its batch's.
        var scope = await requests.GetAsync(requestId, cancellationToken) is { } header ? AuditScope.Account(header.AccountId)
            : RequestIds.TryParseBatchItem(requestId, out var batchId, out _) ? AuditScope.Batch(batchId)
            : null;
        if (scope is not null)
        {
            await audit.RecordAsync(Caller.Of(http.HttpContext), AuditActions.Cancel, scope, requestId, null, cancellationToken);
        }

        var result = await cancellations.CancelAsync(requestId, cancellationToken);
        return result.Disposition switch
        {
            CancelDisposition.Cancelled => Results.Json(new CancelView(requestId, CommsStatus.Cancelled), CommsJson.Options),
            CancelDisposition.TooLate => Results.Problem(
                title: "The request can no longer be cancelled.",
                detail: $"Request '{requestId}' is {BatchView.Wire(result.Status!.Value)}: its send has started or it has ended.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["currentStatus"] = BatchView.Wire(result.Status!.Value) }),
            _ => CommsApi.NotFound("request", requestId),
        };
    }

    /// <summary><c>POST /api/cancellations/{key}</c>: cancels every request submitted with the cancellation key.</summary>
    public async Task<IResult> CancelByKeyAsync(string cancellationKey, HttpRequest http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!RequestIds.IsValidAccount(cancellationKey))
        {
            return CommsApi.NotFound("cancellation key", cancellationKey);
        }

        await audit.RecordAsync(Caller.Of(http.HttpContext), AuditActions.CancelByKey, AuditScope.CancellationKey(cancellationKey), cancellationKey, null, cancellationToken);

        var counts = await cancellations.CancelByKeyAsync(cancellationKey, cancellationToken);
        return counts is { Cancelled: 0, TooLate: 0 }
            ? CommsApi.NotFound("cancellation key", cancellationKey)
            : Results.Json(new CancelCountsView(null, cancellationKey, counts.Cancelled, counts.TooLate), CommsJson.Options);
    }

    private async Task<BatchStateView> ViewAsync(BatchHeader batch, CancellationToken cancellationToken)
    {
        var counts = await batches.CountsAsync(batch.BatchId, cancellationToken);
        return new BatchStateView(
            batch.BatchId, batch.Source, batch.ItemsBlob, batch.CreatedAt, batch.Prepared, batch.Expected, batch.Accepted, batch.Invalid,
            BatchView.Counts(counts), BatchView.IsComplete(batch, counts), batch.Error, batch.CancelledAt, batch.CompletedAt);
    }

    /// <summary>The reconciliation report: one row per item, in key order (invalid items first, by line).</summary>
    private async Task<string> CsvAsync(string batchId, string? status, CancellationToken cancellationToken)
    {
        var csv = new StringBuilder("line,itemKey,requestId,status,final,at,providerMessageId,documents,reason\r\n");
        string? token = null;
        do
        {
            var page = await batches.ListItemsAsync(batchId, status, MaxItemsPage, token, cancellationToken);
            foreach (var item in page.Items)
            {
                csv.AppendJoin(',', [
                    item.Line.ToString(CultureInfo.InvariantCulture),
                    Field(item.ItemKey),
                    Field(item.RequestId),
                    item.Status is { } s ? BatchView.Wire(s) : "invalid",
                    item.Final ? "true" : "false",
                    item.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                    Field(item.ProviderMessageId),
                    Field(item.Documents is { } d ? string.Join(' ', d) : null),
                    Field(item.Reason)]).Append("\r\n");
            }

            token = page.ContinuationToken;
        }
        while (token is not null);

        return csv.ToString();
    }

    /// <summary>
    /// A CSV field (RFC 4180): quoted when it holds a comma, quote or line break. Text that a spreadsheet would run as
    /// a formula (starting with <c>= + - @</c>, tab or CR) gets a leading <c>'</c>.
    /// </summary>
    internal static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

public sealed record BatchStateView(
    string BatchId,
    BatchSource Source,
    string? ItemsBlob,
    DateTimeOffset CreatedAt,
    bool Prepared,
    int Expected,
    int Accepted,
    int Invalid,
    IReadOnlyDictionary<string, int> Counts,
    bool Complete,
    string? Error,
    DateTimeOffset? CancelledAt,
    DateTimeOffset? CompletedAt);

public sealed record BatchItemView(int Line, string? ItemKey, string? RequestId, string Status, bool Final, string? Reason, DateTimeOffset At, string? ProviderMessageId, IReadOnlyList<string>? Documents)
{
    public static BatchItemView Of(BatchItem i) =>
        new(i.Line, i.ItemKey, i.RequestId, i.Status is { } s ? BatchView.Wire(s) : "invalid", i.Final, i.Reason, i.At, i.ProviderMessageId, i.Documents);
}

public sealed record CancelView(string RequestId, CommsStatus Status);

public sealed record CancelCountsView(string? BatchId, string? CancellationKey, int Cancelled, int TooLate);
