using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Comms.Core.Text;

/// <summary>
/// The errors found in one input, by field (a JSON path such as <c>target.email</c>, or <see cref="JsonInput.Root"/>
/// for the body itself): the <c>errors</c> of the 400 problem every endpoint and the queue answer with.
/// </summary>
public sealed class InputErrors
{
    private readonly Dictionary<string, List<string>> byField = new(StringComparer.Ordinal);

    public bool Any => byField.Count > 0;

    public void Add(string field, string message)
    {
        if (!byField.TryGetValue(field, out var list))
        {
            byField[field] = list = [];
        }

        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => byField.ToDictionary(p => p.Key, p => p.Value.ToArray());
}

/// <summary>
/// The one way Comms reads JSON input (submissions, workflow events, profiles, partner status reports, Event Grid
/// batches): a depth limit, no duplicate property, no unpaired surrogate, a clear error for what is not JSON or not
/// the expected shape, and string fields read with one set of rules. Every error lands in <see cref="InputErrors"/>.
/// </summary>
public static class JsonInput
{
    /// <summary>The field name of an error about the body as a whole.</summary>
    public const string Root = "$";

    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    /// <summary>
    /// What System.Text.Json accepts but Comms cannot keep: a string or property name with invalid UTF-8 or an unpaired
    /// UTF-16 surrogate (<c>"\ud800"</c>) reads as JSON, then fails when it is read as text or stored. Null when the text is clean.
    /// </summary>
    private static string? TextProblem(ReadOnlySpan<byte> json)
    {
        if (!Utf8.IsValid(json))
        {
            return "The body is not valid UTF-8.";
        }

        // Only an escape (\uD800) can make an unpaired surrogate in valid UTF-8: decode just the escaped strings.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    _ = reader.GetString();
                }
            }
        }
        catch (InvalidOperationException)
        {
            return $"The body holds an unpaired UTF-16 surrogate near byte {reader.TokenStartIndex}.";
        }
        catch (JsonException)
        {
            // Reported by the parse itself, with its message.
        }

        return null;
    }

    /// <summary>The body as a JSON node, or null (with the error) when it is not JSON.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> json, InputErrors errors)
    {
        if (TextProblem(json) is { } problem)
        {
            errors.Add(Root, problem);
            return null;
        }

        try
        {
            var node = JsonNode.Parse(json, documentOptions: Options);
            if (node is null)
            {
                errors.Add(Root, "The body must be JSON, not null.");
            }

            return node;
        }
        catch (JsonException e)
        {
            errors.Add(Root, "The body is not valid JSON: " + e.Message);
            return null;
        }
    }

    /// <summary>The body as a read-only document (for large batches read element by element), or null (with the error) when it is not JSON.</summary>
    public static JsonDocument? ParseDocument(ReadOnlyMemory<byte> json, InputErrors errors)
    {
        if (TextProblem(json.Span) is { } problem)
        {
            errors.Add(Root, problem);
            return null;
        }

        try
        {
            return JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            errors.Add(Root, "The body is not valid JSON: " + e.Message);
            return null;
        }
    }

    /// <summary>The body as a JSON object, or null (with the error) when it is not one.</summary>
    public static JsonObject? ParseObject(ReadOnlySpan<byte> json, InputErrors errors)
    {
        var node = Parse(json, errors);
        if (node is JsonObject o)
        {
            return o;
        }

        if (node is not null)
        {
            errors.Add(Root, "The body must be a JSON object.");
        }

        return null;
    }

    /// <summary>
    /// A string field: null when absent, null or empty (an error when <paramref name="required"/>); an error when it is
    /// not a string. With a <paramref name="maxLength"/> (free text kept as it is), also an error when it is longer or holds
    /// control characters other than line breaks and tabs; fields with a pattern of their own are checked by their caller.
    /// </summary>
    public static string? Text(JsonObject o, string name, InputErrors errors, string prefix = "", int maxLength = int.MaxValue, bool required = false)
    {
        var field = prefix.Length == 0 ? name : prefix + "." + name;
        var node = o[name];
        if (node is null || (node is JsonValue empty && empty.GetValueKind() == JsonValueKind.String && empty.GetValue<string>().Length == 0))
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }

            return null;
        }

        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            errors.Add(field, "Must be a string.");
            return null;
        }

        var s = v.GetValue<string>();
        if (maxLength < int.MaxValue && (s.Length > maxLength || s.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')))
        {
            errors.Add(field, $"At most {maxLength} printable characters.");
            return null;
        }

        return s;
    }
}
