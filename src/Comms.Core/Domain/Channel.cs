using System.Text.Json.Serialization;

namespace Comms.Core.Domain;

[JsonConverter(typeof(CamelCaseEnumConverter<Channel>))]
public enum Channel
{
    Email,
    Sms,
    Letter,
    PushToHandset,
    PushToExternal,
    Online,
}
