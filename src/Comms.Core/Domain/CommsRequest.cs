using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Comms.Core.Domain;

/// <summary>A validated communication request: the input of one orchestration, whose instance id is <see cref="RequestId"/>.</summary>
/// <param name="BusinessKey">The caller's key of the communication (say <c>invoice:INV-1:ready</c>): the same key from any route is one communication.</param>
/// <param name="CancellationKey">A key that <c>POST /api/cancellations/{key}</c> cancels the request by (say <c>invoice:INV-1</c>).</param>
/// <param name="Channels">A fallback chain instead of one channel (<see cref="Channel"/> is then its first step's): each step a child request.</param>
/// <param name="Targets">Several recipients instead of one <see cref="Target"/>: one child request each.</param>
/// <param name="ParentId">For a child request: the chain or fan-out it is a step of.</param>
/// <param name="TemplateVersion">
/// The template version it renders with, set at intake to the comms type's active one (null: the embedded templates),
/// so it keeps it while it waits (README, Template versions). Not part of its content (<c>RequestFingerprint</c>).
/// </param>
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
    string? CancellationKey = null,
    IReadOnlyList<ChainStep>? Channels = null,
    IReadOnlyList<CommsTarget>? Targets = null,
    string? ParentId = null,
    int? TemplateVersion = null)
{
    /// <summary>True for a chain or a fan-out: the request sends nothing itself, its children do.</summary>
    [JsonIgnore]
    public bool HasChildren => Channels is { Count: > 0 } || Targets is { Count: > 0 };

    /// <summary>The request ids of its children, in order (<see cref="RequestIds.ChainStep"/>, <see cref="RequestIds.TargetChild"/>).</summary>
    [JsonIgnore]
    public IReadOnlyList<string> ChildIds =>
        Channels is { Count: > 0 } steps ? [.. steps.Select((_, i) => RequestIds.ChainStep(RequestId, i + 1))]
        : Targets is { Count: > 0 } targets ? [.. targets.Select((_, i) => RequestIds.TargetChild(RequestId, i + 1))]
        : [];

    /// <summary>The channels it sends on: the chain's, or its one channel.</summary>
    [JsonIgnore]
    public IEnumerable<Channel> AllChannels => Channels is { Count: > 0 } steps ? steps.Select(s => s.Channel) : [Channel];

    /// <summary>The child request of step <paramref name="index"/> (from 0) of the chain, or of target <paramref name="index"/>.</summary>
    public CommsRequest Child(int index) => Channels is { Count: > 0 } steps
        ? this with { RequestId = RequestIds.ChainStep(RequestId, index + 1), Channel = steps[index].Channel, Channels = null, SendAt = null, BusinessKey = null, CancellationKey = null, ParentId = RequestId }
        : this with { RequestId = RequestIds.TargetChild(RequestId, index + 1), Target = Targets![index], Targets = null, SendAt = null, BusinessKey = null, CancellationKey = null, ParentId = RequestId };
}
