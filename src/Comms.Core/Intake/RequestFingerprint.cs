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
        ArgumentNullException.ThrowIfNull(request);
        var node = JsonSerializerNode(request with { TemplateVersion = null });
        return Hashing.Sha256Hex(Encoding.UTF8.GetBytes(Canonical(node)?.ToJsonString() ?? "null"));
    }

    private static JsonNode? JsonSerializerNode(CommsRequest request) => JsonNode.Parse(CommsJson.Serialize(request));

    /// <summary>
    /// A hash of what the customer gets (account, comms type, channel, target, data, locale, send time): not the
    /// request id, the route or the keys. Two requests under one business key must match on it.
    /// </summary>
    public static string Content(CommsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Compute(request with { RequestId = "", Source = CommsSource.Api, BusinessKey = null, CancellationKey = null });
    }

    /// <summary>The JSON with every object's keys sorted, so that key order never changes a hash.</summary>
    public static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
