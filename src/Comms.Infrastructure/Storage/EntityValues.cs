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
}
