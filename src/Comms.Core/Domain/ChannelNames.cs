using System.Text.Json;

namespace Comms.Core.Domain;

/// <summary>A channel's name as the wire, blob names, template file names, metrics and ledger purposes spell it (<c>pushToHandset</c>).</summary>
public static class ChannelNames
{
    public static string WireName(this Channel channel) => JsonNamingPolicy.CamelCase.ConvertName(channel.ToString());
}
