using System.Net;
using Azure;
using Azure.Data.Tables;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// Reads a row that does not exist from <c>CommsRequests</c>: "not found" proves that the service answers and accepts
/// our credentials, with the same permission the stores use (listing tables or service properties may need more).
/// </summary>
public sealed class StorageProbe(TableServiceClient tables) : IStorageProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await tables.GetTableClient(StorageNames.RequestsTable)
                .GetEntityIfExistsAsync<TableEntity>("health-probe", "health-probe", ["PartitionKey"], timeout.Token);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            return true; // the table itself is missing (nothing stored yet): the service still answered
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException
                                      || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false; // unreachable, refused, timed out, or not authorised
        }
    }
}
