using System.Text;
using System.Text.Json.Nodes;
using Comms.Core.Domain;
using Comms.Core.Text;

namespace Comms.Core.Intake;

/// <summary>
/// A hash of a request's content with object keys sorted, so the same request sent again (in any key order)
/// is recognised and a different one under the same id is a conflict.
/// </summary>
public static class RequestFingerprint
{
    public static string Compute(CommsRequest request)
    {
        var node = JsonSerializerNode(request);
        return Hashing.Sha256Hex(Encoding.UTF8.GetBytes(Canonical(node)?.ToJsonString() ?? "null"));
    }

    private static JsonNode? JsonSerializerNode(CommsRequest request) => JsonNode.Parse(CommsJson.Serialize(request));

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
