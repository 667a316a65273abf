using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Comms.Core.Domain;
using Comms.Core.Text;

namespace Comms.Core.Consent;

/// <summary>
/// Reads <c>PUT /api/accounts/{accountId}/preferences</c>:
/// <c>{"preferences": [{"category", "channel"?, "optedIn"}], "evidence": {"at"?, "method", "by", "wordingVersion"?}}</c>.
/// Every change carries the one evidence; a category outside <see cref="ConsentCategories.All"/>, an unknown channel,
/// a change without evidence, or an evidence time in the future is refused and nothing is recorded.
/// </summary>
public static class PreferencesParser
{
    public const int MaxPreferences = 50;

    public static (IReadOnlyList<Preference>? Preferences, IDictionary<string, string[]>? Errors) Parse(ReadOnlySpan<byte> json, DateTimeOffset now)
    {
        var errors = new InputErrors();
        var root = JsonInput.ParseObject(json, errors);
        if (root is null)
        {
            return (null, errors.ToDictionary());
        }

        var evidence = ParseEvidence(root["evidence"], now, errors);
        var list = new List<(string Category, string Channel, bool OptedIn)>();
        switch (root["preferences"])
        {
            case JsonArray array when array.Count is > 0 and <= MaxPreferences:
                for (var i = 0; i < array.Count; i++)
                {
                    var path = $"preferences[{i}]";
                    if (array[i] is not JsonObject item)
                    {
                        errors.Add(path, "Must be an object.");
                        continue;
                    }

                    var category = JsonInput.Text(item, "category", errors, path, required: true);
                    if (category is not null && !ConsentCategories.IsKnown(category))
                    {
                        errors.Add(path + ".category", $"Must be one of {string.Join(", ", ConsentCategories.All)}.");
                    }

                    var channel = JsonInput.Text(item, "channel", errors, path) ?? ConsentCategories.AnyChannel;
                    if (channel != ConsentCategories.AnyChannel && !ChannelDescriptions.All.Any(c => c.WireName == channel))
                    {
                        errors.Add(path + ".channel", $"Must be one of {string.Join(", ", ChannelDescriptions.All.Select(c => c.WireName))}, or absent for every channel.");
                    }

                    bool? optedIn = item["optedIn"] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;
                    if (optedIn is null)
                    {
                        errors.Add(path + ".optedIn", "Required: true or false.");
                    }

                    if (category is not null && optedIn is { } o)
                    {
                        if (list.Any(p => p.Category == category && p.Channel == channel))
                        {
                            errors.Add(path, $"Repeats the preference for {category} on {channel}.");
                        }

                        list.Add((category, channel, o));
                    }
                }

                break;
            default:
                errors.Add("preferences", $"Required: an array of 1 to {MaxPreferences} preferences.");
                break;
        }

        return errors.Any || evidence is null
            ? (null, errors.ToDictionary())
            : (list.Select(p => new Preference(p.Category, p.Channel, p.OptedIn, evidence)).ToList(), null);
    }

    private static ConsentEvidence? ParseEvidence(JsonNode? node, DateTimeOffset now, InputErrors errors)
    {
        if (node is not JsonObject o)
        {
            errors.Add("evidence", "Required: an object with method and by (and at, wordingVersion).");
            return null;
        }

        var method = JsonInput.Text(o, "method", errors, "evidence", maxLength: 40, required: true);
        var by = JsonInput.Text(o, "by", errors, "evidence", maxLength: 200, required: true);
        var wording = JsonInput.Text(o, "wordingVersion", errors, "evidence", maxLength: 100);
        var atText = JsonInput.Text(o, "at", errors, "evidence");
        var at = now;
        if (atText is not null)
        {
            if (!DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
            {
                errors.Add("evidence.at", "Must be an ISO 8601 date and time.");
            }
            else if (at > now + TimeSpan.FromMinutes(5))
            {
                errors.Add("evidence.at", "Must not be in the future.");
            }
        }

        return method is null || by is null ? null : new ConsentEvidence(at.ToUniversalTime(), method, by, wording);
    }
}
