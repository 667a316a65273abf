using System.Text.Json.Nodes;

namespace Comms.Core.Domain;

/// <summary>A validated communication request: the input of one orchestration, whose instance id is <see cref="RequestId"/>.</summary>
public sealed record CommsRequest(
    string RequestId,
    string AccountId,
    string CommsType,
    Channel Channel,
    CommsTarget? Target,
    JsonObject? Data,
    string? Locale,
    DateTimeOffset? SendAt,
    CommsSource Source);
