using System.Text.Json;
using Comms.Core.Domain;

namespace Comms.Infrastructure.Channels;

/// <summary>A channel's name as the wire, blob names and template file names spell it (<c>pushToHandset</c>).</summary>
internal static class ChannelNames
{
    public static string WireName(this Channel channel) => JsonNamingPolicy.CamelCase.ConvertName(channel.ToString());
}
