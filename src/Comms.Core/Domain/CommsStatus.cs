using System.Text.Json.Serialization;

namespace Comms.Core.Domain;

[JsonConverter(typeof(CamelCaseEnumConverter<CommsStatus>))]
public enum CommsStatus
{
    Received,
    Scheduled,
    Processing,
    Sent,
    Delivered,
    Read,
    Failed,
    Undeliverable,
    Cancelled,
    Rejected,

    /// <summary>The customer's rules stopped it (README, Consent and preferences): nothing was sent.</summary>
    Suppressed,
}
