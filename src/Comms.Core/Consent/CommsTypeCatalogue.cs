using Comms.Core.Domain;

namespace Comms.Core.Consent;

/// <summary>A comms type's entry in the catalogue: its consent category, whether it is mandatory, whether it may bypass quiet hours.</summary>
/// <param name="Mandatory">A legally required notice or a final demand: sent regardless of the account's preferences (never to an invalid address, nor by SMS to a number that replied STOP).</param>
/// <param name="Urgent">Sent at once even inside a channel's quiet hours.</param>
public sealed record CommsTypeInfo(string Category, bool Mandatory = false, bool Urgent = false);

/// <summary>
/// <c>Comms:CommsTypes:{commsType}</c>: each comms type's category and rules (README, Consent and preferences). The
/// built-in types have entries; configuration adds types or overrides them. A type with no entry is <c>service</c>.
/// </summary>
public sealed class CommsTypeCatalogue
{
    public const string Section = "Comms:CommsTypes";

    /// <summary>The built-in comms types (the embedded templates).</summary>
    public static IReadOnlyDictionary<string, CommsTypeInfo> BuiltIn { get; } = new Dictionary<string, CommsTypeInfo>(StringComparer.Ordinal)
    {
        ["InvoiceReady"] = new(ConsentCategories.Billing),
        ["PaymentReminder"] = new(ConsentCategories.Collections),
        ["FinalDemand"] = new(ConsentCategories.Collections, Mandatory: true),
        ["AccountClosed"] = new(ConsentCategories.Service, Mandatory: true),
    };

    /// <summary>Entries from configuration, by comms type (bound from <see cref="Section"/>).</summary>
    public Dictionary<string, CommsTypeEntry> Types { get; } = new(StringComparer.Ordinal);

    /// <param name="published">The entry the request's template version brought (README, Template versions), if any: configuration still wins over it.</param>
    public CommsTypeInfo For(string commsType, CommsTypeInfo? published = null) =>
        Types.TryGetValue(commsType, out var entry)
            ? new CommsTypeInfo(entry.Category ?? published?.Category ?? BuiltIn.GetValueOrDefault(commsType)?.Category ?? ConsentCategories.Service, entry.Mandatory, entry.Urgent)
            : published ?? BuiltIn.GetValueOrDefault(commsType) ?? new CommsTypeInfo(ConsentCategories.Service);

    /// <summary>The first configuration problem, or null.</summary>
    public string? Problem() =>
        Types.Where(t => t.Value.Category is { } c && !ConsentCategories.IsKnown(c))
            .Select(t => $"Comms:CommsTypes:{t.Key}:Category '{t.Value.Category}' is not one of {string.Join(", ", ConsentCategories.All)}.")
            .FirstOrDefault();

    /// <summary>One configured entry.</summary>
    public sealed class CommsTypeEntry
    {
        public string? Category { get; set; }

        public bool Mandatory { get; set; }

        public bool Urgent { get; set; }
    }
}
