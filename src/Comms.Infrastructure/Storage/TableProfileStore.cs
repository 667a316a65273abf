using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;

namespace Comms.Infrastructure.Storage;

/// <summary><c>AccountProfiles</c>: PartitionKey = account id, RowKey = <c>profile</c>.</summary>
public sealed class TableProfileStore(StorageInitializer storage) : IProfileStore
{
    private const string RowKey = "profile";

    public async Task<AccountProfile?> GetAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.ProfilesTable, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Key(accountId), RowKey, cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e)
        {
            return null;
        }

        var address = e.GetString("PostalAddress");
        var fields = e.GetString("Fields");
        return new AccountProfile(
            e.GetString("AccountId") ?? accountId,
            e.GetString("Name"),
            e.GetString("Email"),
            e.GetString("Phone"),
            string.IsNullOrEmpty(address) ? null : CommsJson.Deserialize<PostalAddress>(address),
            e.GetString("InstallationId"),
            e.GetString("ExternalSystem"),
            e.GetString("Locale"),
            e.GetString("TimeZone"),
            Enum.TryParse<Channel>(e.GetString("PreferredChannel"), ignoreCase: true, out var channel) ? channel : null,
            string.IsNullOrEmpty(fields) ? null : JsonNode.Parse(fields) as JsonObject);
    }

    public async Task PutAsync(AccountProfile profile, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.ProfilesTable, cancellationToken);
        var entity = new TableEntity(TableKeys.Key(profile.AccountId), RowKey)
        {
            ["AccountId"] = profile.AccountId,
            ["Name"] = profile.Name,
            ["Email"] = profile.Email,
            ["Phone"] = profile.Phone,
            ["PostalAddress"] = profile.PostalAddress is null ? null : CommsJson.Serialize(profile.PostalAddress),
            ["InstallationId"] = profile.InstallationId,
            ["ExternalSystem"] = profile.ExternalSystem,
            ["Locale"] = profile.Locale,
            ["TimeZone"] = profile.TimeZone,
            ["PreferredChannel"] = profile.PreferredChannel?.WireName(),
            ["Fields"] = profile.Fields?.ToJsonString(),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }
}
