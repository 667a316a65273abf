using Azure;
using Azure.Data.Tables;
using Comms.Core.Consent;
using Comms.Core.Ports;

namespace Comms.Infrastructure.Storage;

/// <summary>
/// <c>CommsConsent</c>: PartitionKey = account id; <c>pref|{category}|{channel}</c> rows hold the current preferences,
/// <c>hist|{inverted time}|{guid}</c> rows the append-only history (inserted, never updated).
/// <c>CommsAddresses</c>: PartitionKey = address (<c>sms:+44…</c>); the <c>state</c> row holds a block and an invalid
/// mark, <c>account|{accountId}</c> rows the accounts Comms wrote to there.
/// </summary>
public sealed class TableConsentStore(StorageInitializer storage, TimeProvider time) : IConsentStore
{
    private const string PreferencePrefix = "pref|";
    private const string HistoryPrefix = "hist|";
    private const string StateRow = "state";
    private const string AccountPrefix = "account|";

    public async Task<IReadOnlyList<Preference>> GetPreferencesAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.ConsentTable, cancellationToken);
        var list = new List<Preference>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Key(accountId)} and RowKey ge {PreferencePrefix} and RowKey lt {"pref}"}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(new Preference(e.GetString("Category") ?? "", e.GetString("Channel") ?? "", e.GetBoolean("OptedIn") ?? false, Evidence(e)!));
        }

        return list;
    }

    public async Task SetPreferencesAsync(string accountId, IReadOnlyList<Preference> preferences, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.ConsentTable, cancellationToken);
        var pk = TableKeys.Key(accountId);

        // History first: a crash between the two leaves a history entry whose preference a retry records again.
        var actions = new List<TableTransactionAction>();
        foreach (var p in preferences)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, HistoryRow(pk, new ConsentHistoryEntry(p.Category, p.Channel, p.OptedIn, p.Evidence))));
        }

        foreach (var chunk in actions.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk, cancellationToken);
        }

        var current = preferences.Select(p =>
        {
            var row = new TableEntity(pk, $"{PreferencePrefix}{p.Category}|{p.Channel}")
            {
                ["Category"] = p.Category,
                ["Channel"] = p.Channel,
                ["OptedIn"] = p.OptedIn,
            };
            WriteEvidence(row, p.Evidence);
            return new TableTransactionAction(TableTransactionActionType.UpsertReplace, row);
        }).ToList();
        foreach (var chunk in current.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<ConsentHistoryEntry>> GetHistoryAsync(string accountId, int max, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.ConsentTable, cancellationToken);
        var list = new List<ConsentHistoryEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Key(accountId)} and RowKey ge {HistoryPrefix} and RowKey lt {"hist}"}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            list.Add(new ConsentHistoryEntry(e.GetString("Category") ?? "", e.GetString("Channel") ?? "", e.GetBoolean("OptedIn") ?? false, Evidence(e)!, e.GetString("Address")));
            if (list.Count >= max)
            {
                break;
            }
        }

        return list;
    }

    public async Task AppendHistoryAsync(string accountId, ConsentHistoryEntry entry, string? entryId = null, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.ConsentTable, cancellationToken);
        await table.UpsertEntityAsync(HistoryRow(TableKeys.Key(accountId), entry, entryId), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<AddressState> GetAddressAsync(string address, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.AddressesTable, cancellationToken);
        var read = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Key(address), StateRow, cancellationToken: cancellationToken);
        if (!read.HasValue || read.Value is not { } e)
        {
            return AddressState.Unknown(address);
        }

        return new AddressState(address, e.GetBoolean("Blocked") ?? false, Evidence(e), e.GetString("InvalidReason"));
    }

    public async Task SetBlockedAsync(string address, bool blocked, ConsentEvidence evidence, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.AddressesTable, cancellationToken);
        var row = new TableEntity(TableKeys.Key(address), StateRow) { ["Address"] = address, ["Blocked"] = blocked };
        WriteEvidence(row, evidence);
        await table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task MarkInvalidAsync(string address, string reason, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.AddressesTable, cancellationToken);
        var row = new TableEntity(TableKeys.Key(address), StateRow)
        {
            ["Address"] = address,
            ["InvalidReason"] = reason.Length <= 500 ? reason : reason[..500],
            ["InvalidAt"] = time.GetUtcNow(),
        };
        await table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task RememberRecipientAsync(string address, string accountId, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.AddressesTable, cancellationToken);
        var row = new TableEntity(TableKeys.Key(address), AccountPrefix + TableKeys.Key(accountId)) { ["AccountId"] = accountId };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> AccountsAtAsync(string address, CancellationToken cancellationToken = default)
    {
        var table = await storage.TableAsync(StorageNames.AddressesTable, cancellationToken);
        var list = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Key(address)} and RowKey ge {AccountPrefix} and RowKey lt {"account}"}");
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["AccountId"], cancellationToken: cancellationToken))
        {
            list.Add(e.GetString("AccountId") ?? "");
        }

        return list;
    }

    /// <summary>A history row: keyed by its time and <paramref name="entryId"/>'s hash (one row per event), else a new GUID.</summary>
    private static TableEntity HistoryRow(string pk, ConsentHistoryEntry entry, string? entryId = null)
    {
        var suffix = entryId is null ? Guid.NewGuid().ToString("N") : Comms.Core.Text.Hashing.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(entryId))[..32];
        var row = new TableEntity(pk, $"{HistoryPrefix}{TableKeys.Inverted(entry.Evidence.At)}|{suffix}")
        {
            ["Category"] = entry.Category,
            ["Channel"] = entry.Channel,
            ["OptedIn"] = entry.OptedIn,
            ["Address"] = entry.Address,
        };
        WriteEvidence(row, entry.Evidence);
        return row;
    }

    private static void WriteEvidence(TableEntity row, ConsentEvidence evidence)
    {
        row["EvidenceAt"] = evidence.At;
        row["EvidenceMethod"] = evidence.Method;
        row["EvidenceBy"] = evidence.By;
        row["EvidenceWordingVersion"] = evidence.WordingVersion;
        row["EvidenceDetail"] = evidence.Detail;
    }

    private static ConsentEvidence? Evidence(TableEntity e) =>
        e.GetDateTimeOffset("EvidenceAt") is { } at
            ? new ConsentEvidence(at, e.GetString("EvidenceMethod") ?? "", e.GetString("EvidenceBy") ?? "", e.GetString("EvidenceWordingVersion"), e.GetString("EvidenceDetail"))
            : null;
}
