using System.Text.Json;
using System.Text.Json.Serialization;

namespace Comms.Core.Text;

/// <summary>The JSON options of the wire and of stored JSON: camelCase, nulls left out.</summary>
public static class CommsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);
}
