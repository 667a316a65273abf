using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Comms.Core.Domain;

namespace Comms.Core.Text;

/// <summary>
/// What a template sees: the request, the resolved target and the merge fields, with helpers that format
/// merge fields in the request's culture. Templates read data only through these helpers, so every value
/// is a plain string that the Razor engine HTML-encodes.
/// </summary>
public sealed class TemplateModel
{
    private readonly JsonObject data;

    public TemplateModel(string requestId, string accountId, string commsType, CommsTarget target, JsonObject? data, string locale)
    {
        RequestId = requestId;
        AccountId = accountId;
        CommsType = commsType;
        Target = target;
        this.data = data ?? [];
        Locale = locale;
        Culture = CultureInfo.GetCultureInfo(locale);
    }

    public string RequestId { get; }

    public string AccountId { get; }

    public string CommsType { get; }

    public CommsTarget Target { get; }

    public string Locale { get; }

    public CultureInfo Culture { get; }

    /// <summary>The recipient's name, or a neutral greeting word when none is known.</summary>
    public string Name => string.IsNullOrWhiteSpace(Target.Name) ? "Customer" : Target.Name;

    public bool Has(string field) => data.TryGetPropertyValue(field, out var node) && node is not null;

    /// <summary>A merge field as text; numbers are formatted in the request's culture.</summary>
    public string Text(string field, string fallback = "")
    {
        if (!data.TryGetPropertyValue(field, out var node) || node is null)
        {
            return fallback;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Number => node.GetValue<decimal>().ToString("N", Culture),
            JsonValueKind.True or JsonValueKind.False => node.GetValue<bool>().ToString(Culture),
            _ => node.ToJsonString(),
        };
    }

    /// <summary>A merge field as an amount of money in the request's culture (currency from the <c>currency</c> field when given).</summary>
    public string Money(string field)
    {
        var amount = Decimal(field);
        if (amount is null)
        {
            return Text(field);
        }

        var currency = Text("currency");
        if (currency.Length == 3)
        {
            return string.Create(Culture, $"{currency.ToUpperInvariant()} {amount.Value:N2}");
        }

        return amount.Value.ToString("C", Culture);
    }

    /// <summary>
    /// A string as a JSON string literal, for JSON payloads (push to external). The literal escapes quotes,
    /// control characters and the HTML-sensitive ones, so no data can break out of it, and Razor's encoding
    /// (undone by the renderer for non-HTML parts) leaves it unchanged.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Templates reach helpers through @Model.")]
    public string Json(string value) => JsonSerializer.Serialize(value);

    /// <summary>A merge field as JSON, as the request gave it (a number stays a number); <c>null</c> when absent.</summary>
    public string JsonField(string field) =>
        data.TryGetPropertyValue(field, out var node) && node is not null ? node.ToJsonString() : "null";

    /// <summary>
    /// The objects of an array merge field (such as <c>charges: [{description, amount}]</c>), each as a model of its
    /// own that formats its fields the same way and inherits the request's currency. Anything but objects is skipped.
    /// </summary>
    public IReadOnlyList<TemplateModel> Rows(string field)
    {
        if (!data.TryGetPropertyValue(field, out var node) || node is not JsonArray array)
        {
            return [];
        }

        var rows = new List<TemplateModel>(array.Count);
        foreach (var item in array)
        {
            if (item is JsonObject row)
            {
                var copy = (JsonObject)row.DeepClone();
                if (!copy.ContainsKey("currency") && data["currency"] is { } currency)
                {
                    copy["currency"] = currency.DeepClone();
                }

                rows.Add(new TemplateModel(RequestId, AccountId, CommsType, Target, copy, Locale));
            }
        }

        return rows;
    }

    /// <summary>A merge field holding an ISO date, as a long date of the request's culture.</summary>
    public string Date(string field)
    {
        var raw = Text(field);
        return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToString("d MMMM yyyy", Culture)
            : raw;
    }

    private decimal? Decimal(string field)
    {
        if (!data.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.Number => node.GetValue<decimal>(),
            JsonValueKind.String when decimal.TryParse(node.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }
}
