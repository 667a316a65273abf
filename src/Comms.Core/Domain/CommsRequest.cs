using System.Text.Json.Nodes;

namespace Comms.Core.Domain;

/// <summary>A validated communication request: the input of one orchestration, whose instance id is <see cref="RequestId"/>.</summary>
/// <param name="BusinessKey">The caller's key of the communication (say <c>invoice:INV-1:ready</c>): the same key from any route is one communication.</param>
/// <param name="CancellationKey">A key that <c>POST /api/cancellations/{key}</c> cancels the request by (say <c>invoice:INV-1</c>).</param>
public sealed record CommsRequest(
    string RequestId,
    string AccountId,
    string CommsType,
    Channel Channel,
    CommsTarget? Target,
    JsonObject? Data,
    string? Locale,
    DateTimeOffset? SendAt,
    CommsSource Source,
    string? BusinessKey = null,
    string? CancellationKey = null);
