using System.Net;
using Azure;
using Azure.Data.Tables;

namespace Comms.Infrastructure.Storage;

internal static class EntityValues
{
    /// <summary>An enum stored as its name.</summary>
    public static TEnum GetEnum<TEnum>(this TableEntity entity, string property)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(entity.GetString(property), ignoreCase: true, out var value)
            ? value
            : throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} has no valid {property}.");

    /// <summary>A short random wait after losing an ETag race, growing with the losses, so that a crowd of writers of one row spreads out.</summary>
    public static Task Backoff(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 25) * Math.Min(attempt, 8)), cancellationToken);

    /// <summary>Inserts the row unless one with its keys exists: true when this call added it. Storage's conditional insert is how Comms writes once.</summary>
    public static async Task<bool> TryAddAsync(this TableClient table, ITableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
