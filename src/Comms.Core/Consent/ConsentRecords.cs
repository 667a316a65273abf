using Comms.Core.Domain;

namespace Comms.Core.Consent;

/// <summary>
/// The categories a comms type belongs to (README, Consent and preferences). With nothing recorded, the service
/// categories are allowed and <c>marketing</c> is not.
/// </summary>
public static class ConsentCategories
{
    public const string Billing = "billing";
    public const string Collections = "collections";
    public const string Service = "service";
    public const string Marketing = "marketing";

    /// <summary>Every channel (a preference without a channel, or a block of an address).</summary>
    public const string AnyChannel = "*";

    public static IReadOnlyList<string> All { get; } = [Billing, Collections, Service, Marketing];

    public static bool IsKnown(string? category) => category is not null && All.Contains(category, StringComparer.Ordinal);

    /// <summary>What holds when the account recorded nothing for the category.</summary>
    public static bool AllowedByDefault(string category) => category != Marketing;
}

/// <summary>How a consent decision was given: when, how (a web form, an SMS reply, an unsubscribe link, …), by whom, and the wording's version.</summary>
/// <param name="Method">How it was given: <c>webForm</c>, <c>phone</c>, <c>paper</c>, <c>smsReply</c>, <c>unsubscribeLink</c>, <c>agent</c>, <c>api</c> (free text, 1–40 characters).</param>
/// <param name="By">Who gave or recorded it: the customer, an agent's id, the number that replied.</param>
/// <param name="WordingVersion">The version of the wording the customer agreed to, if any.</param>
/// <param name="Detail">What arrived (the SMS text, the link's category).</param>
public sealed record ConsentEvidence(DateTimeOffset At, string Method, string By, string? WordingVersion = null, string? Detail = null);

/// <summary>One preference of an account: opted in or out of a category on a channel (<c>*</c>: every channel), with its evidence.</summary>
public sealed record Preference(string Category, string Channel, bool OptedIn, ConsentEvidence Evidence);

/// <summary>
/// One entry of an account's append-only consent history: a preference recorded, or an address blocked (<c>STOP</c>)
/// or opened again (<c>START</c>).
/// </summary>
/// <param name="Address">For a block: the address (<c>sms:+447700900123</c>) it concerns.</param>
public sealed record ConsentHistoryEntry(string Category, string Channel, bool OptedIn, ConsentEvidence Evidence, string? Address = null);

/// <summary>What is known of one address: blocked by its owner (an SMS <c>STOP</c>), or known to be invalid (a bounce).</summary>
public sealed record AddressState(string Address, bool Blocked, ConsentEvidence? BlockedBy, string? InvalidReason)
{
    public static AddressState Unknown(string address) => new(address, false, null, null);
}

/// <summary>The addresses consent rules apply to: <c>sms:{E.164}</c> and <c>email:{lower-case address}</c>.</summary>
public static class ContactAddresses
{
    public static string Sms(string phone) => "sms:" + phone;

    public static string Email(string email) => "email:" + email.ToLowerInvariant();

    /// <summary>The address a request on <paramref name="channel"/> goes to, or null for channels without one that consent rules keep.</summary>
    public static string? Of(Channel channel, CommsTarget target) => channel switch
    {
        Domain.Channel.Sms when !string.IsNullOrEmpty(target.Phone) => Sms(target.Phone),
        Domain.Channel.Email when !string.IsNullOrEmpty(target.Email) => Email(target.Email),
        _ => null,
    };
}
