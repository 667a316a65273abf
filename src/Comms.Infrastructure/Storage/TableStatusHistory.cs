using Azure.Data.Tables;
using Comms.Core.Domain;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// <c>CommsStatusHistory</c>: PartitionKey = request id, RowKey = report id. Keying the row by the report id alone
/// makes the conditional insert the dedupe (a repeated report with another time is still the same report);
/// <see cref="ListAsync"/> orders by the report time, which is cheap because one request has few reports.
/// </summary>
public sealed class TableStatusHistory(StorageInitializer storage) : IStatusHistory
{
    public async Task<bool> AppendAsync(StatusReport report, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.StatusHistoryTable, cancellationToken);
        var entity = new TableEntity(TableKeys.Key(report.RequestId), TableKeys.Key(report.ReportId))
        {
            ["RequestId"] = report.RequestId,
            ["Status"] = report.Status.ToString(),
            ["At"] = report.At,
            ["Source"] = report.Source,
            ["Detail"] = report.Detail,
            ["ReportId"] = report.ReportId,
            ["Reference"] = report.Reference,
        };
        return await table.TryAddAsync(entity, cancellationToken);
    }

    public async Task<IReadOnlyList<StatusReport>> ListAsync(string requestId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.StatusHistoryTable, cancellationToken);
        var pk = TableKeys.Key(requestId);
        var rows = new List<(StatusReport Report, string RowKey)>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {pk}"), cancellationToken: cancellationToken))
        {
            rows.Add((new StatusReport(
                e.GetString("RequestId") ?? requestId,
                e.GetEnum<CommsStatus>("Status"),
                e.GetDateTimeOffset("At") ?? default,
                e.GetString("Source") ?? "",
                e.GetString("Detail"),
                e.GetString("ReportId") ?? e.RowKey,
                e.GetString("Reference")), e.RowKey));
        }

        // Reports with the same time keep a stable (key) order.
        return rows.OrderBy(r => r.Report.At).ThenBy(r => r.RowKey, StringComparer.Ordinal).Select(r => r.Report).ToList();
    }
}
