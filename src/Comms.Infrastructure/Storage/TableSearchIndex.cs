using Azure.Data.Tables;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Search;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// <c>CommsSearch</c> (PartitionKey = the normalised term, RowKey = <c>{field}:{requestId}</c>): a lookup reads one
/// partition; the same term of the same request written again replaces its row, so a repeat after a crash adds nothing.
/// </summary>
public sealed class TableSearchIndex(StorageInitializer storage) : ISearchIndex
{
    public async Task AddAsync(IReadOnlyList<SearchEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        var table = await storage.TableAsync(StorageNames.SearchTable, cancellationToken);

        // Each term is its own partition, so the rows cannot share a transaction.
        await Task.WhenAll(entries.Select(e => table.UpsertEntityAsync(ToEntity(e), TableUpdateMode.Replace, cancellationToken)));
    }

    public async Task<IReadOnlyList<SearchEntry>> FindAsync(string term, int max, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(term);
        var table = await storage.TableAsync(StorageNames.SearchTable, cancellationToken);
        var found = new List<SearchEntry>();
        var partition = TableKeys.Key(SearchTerms.Normalise(term));
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: max, cancellationToken: cancellationToken))
        {
            if (FromEntity(row) is { } entry)
            {
                found.Add(entry);
            }

            if (found.Count == max)
            {
                break;
            }
        }

        return found;
    }

    private static TableEntity ToEntity(SearchEntry e) => new(TableKeys.Key(SearchTerms.Normalise(e.Term)), TableKeys.Key($"{e.Field}:{e.RequestId}"))
    {
        ["Term"] = e.Term,
        ["Field"] = e.Field.ToString(),
        ["AccountId"] = e.AccountId,
        ["RequestId"] = e.RequestId,
        ["CommsType"] = e.CommsType,
        ["Channel"] = e.Channel.ToString(),
        ["CreatedAt"] = e.CreatedAt,
    };

    /// <summary>A row this version cannot read (a field or channel it does not know) is left out rather than failing the search.</summary>
    private static SearchEntry? FromEntity(TableEntity e) =>
        Enum.TryParse<SearchField>(e.GetString("Field"), out var field) && Enum.TryParse<Channel>(e.GetString("Channel"), out var channel)
            ? new SearchEntry(e.GetString("Term") ?? "", field, e.GetString("AccountId") ?? "", e.GetString("RequestId") ?? "", e.GetString("CommsType") ?? "", channel, e.GetDateTimeOffset("CreatedAt") ?? default)
            : null;
}
