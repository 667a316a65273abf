using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Text;

namespace Comms.Core.Batches;

/// <summary>A batch as submitted: its id, the defaults of its items, and the items themselves or the blob that holds them.</summary>
public sealed record BatchEnvelope(string BatchId, JsonObject Defaults, JsonArray? Items, string? ItemsBlob, string Fingerprint);

/// <summary>One item read: its request, or (with its key when it has one) why it is invalid.</summary>
public sealed record ParsedItem(CommsRequest? Request, string? ItemKey, string? Reason);

/// <summary>
/// Reads batches (<c>POST /api/batches</c>, or a <c>workflow-events</c> message with a <c>batchId</c>) and their items
/// (README, Batches). The envelope is checked before anything is written; each item is checked on its own, with the
/// rules of a single request, and an invalid one is listed with its line and reason without holding up the others.
/// </summary>
public static partial class BatchParser
{
    public const int MaxInlineItems = 5_000;
    public const int MaxInlineBytes = 5 * 1024 * 1024;
    public const int MaxBlobItems = 250_000;
    public const long MaxBlobBytes = 512L * 1024 * 1024;
    public const int MaxLineBytes = 256 * 1024;

    /// <summary>The fields of <c>defaults</c>: what every item gets unless it says otherwise.</summary>
    public static IReadOnlyList<string> DefaultFields { get; } = ["commsType", "channel", "locale", "sendAt"];

    public static (BatchEnvelope? Envelope, IDictionary<string, string[]>? Errors) ParseEnvelope(ReadOnlySpan<byte> json)
    {
        var errors = new InputErrors();
        var root = JsonInput.ParseObject(json, errors);
        if (root is null)
        {
            return (null, errors.ToDictionary());
        }

        var batchId = JsonInput.Text(root, "batchId", errors);
        if (batchId is null)
        {
            errors.Add("batchId", "Required.");
        }
        else if (!RequestIds.IsValidBatch(batchId))
        {
            errors.Add("batchId", "Must be 1 to 40 characters of A-Z, a-z, 0-9, '.', '_' or '-'.");
        }

        var defaults = new JsonObject();
        switch (root["defaults"])
        {
            case null:
                break;
            case JsonObject d:
                foreach (var (name, value) in d)
                {
                    if (DefaultFields.Contains(name, StringComparer.Ordinal))
                    {
                        defaults[name] = value?.DeepClone();
                    }
                    else
                    {
                        errors.Add("defaults." + name, "Not a default: " + string.Join(", ", DefaultFields) + ".");
                    }
                }

                break;
            default:
                errors.Add("defaults", "Must be an object.");
                break;
        }

        var itemsBlob = JsonInput.Text(root, "itemsBlob", errors);
        var items = root["items"] as JsonArray;
        if (root["items"] is not null and not JsonArray)
        {
            errors.Add("items", "Must be an array.");
        }

        if ((items is null) == (itemsBlob is null))
        {
            errors.Add("items", "Give either items (at most " + MaxInlineItems + ") or itemsBlob (an NDJSON blob in comms-batches), not both.");
        }
        else if (items is { Count: > MaxInlineItems })
        {
            errors.Add("items", $"At most {MaxInlineItems} items inline; put a larger batch in an NDJSON blob (itemsBlob).");
        }
        else if (items is { Count: 0 })
        {
            errors.Add("items", "At least one item.");
        }
        else if (itemsBlob is not null && !BlobNamePattern().IsMatch(itemsBlob))
        {
            errors.Add("itemsBlob", "Must be a blob name in comms-batches: 1 to 400 characters of A-Z, a-z, 0-9, '.', '_', '-' or '/', with no empty or dot-only segment.");
        }

        if (errors.Any)
        {
            return (null, errors.ToDictionary());
        }

        var fingerprint = Hashing.Sha256Hex(Encoding.UTF8.GetBytes(RequestFingerprint.Canonical(root)?.ToJsonString() ?? ""));
        return (new BatchEnvelope(batchId!, defaults, items, itemsBlob, fingerprint), null);
    }

    /// <summary>The inline items as NDJSON, one per line in their order (line n is item n), for the batch's source blob.</summary>
    public static byte[] ToNdjson(JsonArray items)
    {
        var text = new StringBuilder();
        foreach (var item in items)
        {
            text.Append(item?.ToJsonString() ?? "null").Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>One line of a batch: an object with the item's fields over the batch's defaults, its key from <c>itemKey</c> or <c>businessKey</c>.</summary>
    public static ParsedItem ParseItem(ReadOnlySpan<byte> line, string batchId, JsonObject defaults)
    {
        var errors = new InputErrors();
        var item = JsonInput.ParseObject(line, errors);
        if (item is null)
        {
            return new ParsedItem(null, null, Reason(errors.ToDictionary()));
        }

        var itemKey = JsonInput.Text(item, "itemKey", errors) ?? (item["businessKey"] is JsonValue v && v.TryGetValue<string>(out var business) ? business : null);
        if (!RequestIds.IsValidItemKey(itemKey))
        {
            return new ParsedItem(null, null, "itemKey: Required (or a businessKey that can be one): 1 to 53 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-', not ending in ':resend'.");
        }

        var merged = (JsonObject)defaults.DeepClone();
        if (item["channels"] is not null)
        {
            // An item's fallback chain replaces the batch's default channel.
            merged.Remove("channel");
        }

        foreach (var (name, value) in item)
        {
            if (name != "itemKey")
            {
                merged[name] = value?.DeepClone();
            }
        }

        var parsed = SubmissionParser.ParseBatchItem(merged, RequestIds.BatchItem(batchId, itemKey!));
        return new ParsedItem(parsed.Request, itemKey, parsed.Request is null ? Reason(parsed.Errors!) : null);
    }

    private static string Reason(IDictionary<string, string[]> errors) =>
        string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));

    [GeneratedRegex(@"^(?!.*(^|/)\.*(/|$))[A-Za-z0-9._/-]{1,400}$")]
    private static partial Regex BlobNamePattern();
}
