using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Comms.Core.Domain;

namespace Comms.Core.Search;

/// <summary>What a search term matched: the first two are looked up directly, the others in the index.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<SearchField>))]
public enum SearchField
{
    /// <summary>An account with communications (<c>CommsByAccount</c>).</summary>
    AccountId,

    /// <summary>A request id (<c>CommsRequests</c>).</summary>
    RequestId,

    /// <summary>The request's <c>data.invoiceNumber</c>, the field the templates print (<c>Templates/InvoiceReady/</c>).</summary>
    InvoiceNumber,

    /// <summary>The caller's <c>businessKey</c>.</summary>
    BusinessKey,

    /// <summary>The provider's id of the sent message (the <c>sent</c> report's reference).</summary>
    ProviderMessageId,
}

/// <summary>One indexed term of a request, and what the agent page needs to list it.</summary>
/// <param name="Term">The term as the request carried it.</param>
public sealed record SearchEntry(string Term, SearchField Field, string AccountId, string RequestId, string CommsType, Channel Channel, DateTimeOffset CreatedAt);

/// <summary>The terms a request is found by, and the one normal form they are kept and looked up in.</summary>
public static class SearchTerms
{
    /// <summary>The longest term kept or searched: invoice numbers, keys and message ids are far shorter.</summary>
    public const int MaxLength = 256;

    /// <summary>The data field that holds the invoice number, as the templates and the billing platform name it.</summary>
    public const string InvoiceNumberField = "invoiceNumber";

    /// <summary>Trimmed and upper case (invariant): agents type <c>inv-1</c> for <c>INV-1</c>; ids that differ only in case are one term.</summary>
    public static string Normalise(string term) => term.Trim().ToUpperInvariant();

    /// <summary>True for a term worth keeping: not blank, not longer than <see cref="MaxLength"/> once trimmed.</summary>
    public static bool IsSearchable(string? term) => term is not null && term.Trim() is { Length: > 0 and <= MaxLength };

    /// <summary>The request's invoice number (a string or a number in <c>data.invoiceNumber</c>) and business key.</summary>
    public static IReadOnlyList<SearchEntry> Of(CommsRequest request, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(request);
        var entries = new List<SearchEntry>(2);
        if (InvoiceNumber(request.Data) is { } invoice)
        {
            entries.Add(Entry(invoice, SearchField.InvoiceNumber));
        }

        if (IsSearchable(request.BusinessKey))
        {
            entries.Add(Entry(request.BusinessKey!.Trim(), SearchField.BusinessKey));
        }

        return entries;

        SearchEntry Entry(string term, SearchField field) =>
            new(term, field, request.AccountId, request.RequestId, request.CommsType, request.Channel, createdAt);
    }

    private static string? InvoiceNumber(JsonObject? data)
    {
        var node = data?[InvoiceNumberField];
        var text = node?.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Number => node.ToJsonString(),
            _ => null,
        };
        return IsSearchable(text) ? text!.Trim() : null;
    }
}
