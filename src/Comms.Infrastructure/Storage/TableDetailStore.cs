using Azure.Data.Tables;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;

namespace Comms.Infrastructure.Storage;

/// <summary><c>CommsDetails</c>: PartitionKey = request id, RowKey = <c>detail</c>.</summary>
public sealed class TableDetailStore(StorageInitializer storage) : IDetailStore
{
    private const string RowKey = "detail";

    public async Task SaveAsync(CommsDetail detail, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.DetailsTable, cancellationToken);
        var entity = new TableEntity(TableKeys.Key(detail.RequestId), RowKey)
        {
            ["RequestId"] = detail.RequestId,
            ["Target"] = CommsJson.Serialize(detail.Target),
            ["Locale"] = detail.Locale,
            ["TemplateId"] = detail.TemplateId,
            ["TemplateVersion"] = detail.TemplateVersion,
            ["MergeFieldsBlob"] = detail.MergeFieldsBlob,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<CommsDetail?> GetAsync(string requestId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.DetailsTable, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Key(requestId), RowKey, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e)
        {
            return null;
        }

        var target = e.GetString("Target");
        return new CommsDetail(
            e.GetString("RequestId") ?? requestId,
            (string.IsNullOrEmpty(target) ? null : CommsJson.Deserialize<CommsTarget>(target)) ?? new CommsTarget(),
            e.GetString("Locale") ?? "",
            e.GetString("TemplateId") ?? "",
            e.GetString("TemplateVersion") ?? "",
            e.GetString("MergeFieldsBlob") ?? "");
    }
}
