using System.Text.Json;
using System.Text.Json.Serialization;

namespace Comms.Core.Domain;

/// <summary>Writes and reads an enum as its camelCase name, as openapi.yaml writes every enum on the wire.</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
