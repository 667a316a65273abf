using System.Text.Json.Nodes;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Search;

namespace Comms.Infrastructure.Tests.Storage;

/// <summary><c>CommsSearch</c> on Azurite: the terms a request is found by, looked up as an agent types them.</summary>
public sealed class SearchIndexTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private ISearchIndex Index => fixture.Get<ISearchIndex>();

    [Fact]
    public async Task A_requests_invoice_number_and_business_key_are_found_trimmed_and_in_any_case()
    {
        var invoice = StorageFixture.NewId("Inv");
        var key = StorageFixture.NewId("invoice:") + ":ready/#?";
        var request = Request(StorageFixture.NewId("r"), new JsonObject { ["invoiceNumber"] = "  " + invoice + " " }, key);

        await Index.AddAsync(SearchTerms.Of(request, T0));

        var byInvoice = Assert.Single(await Index.FindAsync(" " + invoice.ToLowerInvariant() + "\t", 10));
        Assert.Equal(new SearchEntry(invoice, SearchField.InvoiceNumber, request.AccountId, request.RequestId, "InvoiceReady", Channel.Letter, T0), byInvoice);
        var byKey = Assert.Single(await Index.FindAsync(key.ToUpperInvariant(), 10));
        Assert.Equal(SearchField.BusinessKey, byKey.Field);
        Assert.Equal(key, byKey.Term);
        Assert.Empty(await Index.FindAsync(invoice + "x", 10));
    }

    [Fact]
    public async Task The_same_entry_added_again_is_one_row_and_one_term_finds_every_request_that_carries_it_up_to_the_limit()
    {
        var invoice = StorageFixture.NewId("INV");
        var requests = Enumerable.Range(1, 3).Select(i => Request(StorageFixture.NewId($"r{i}"), new JsonObject { ["invoiceNumber"] = invoice }, null)).ToList();

        foreach (var request in requests)
        {
            await Index.AddAsync(SearchTerms.Of(request, T0));
            await Index.AddAsync(SearchTerms.Of(request, T0));
        }

        Assert.Equal(requests.Select(r => r.RequestId).Order(), (await Index.FindAsync(invoice, 10)).Select(e => e.RequestId).Order());
        Assert.Equal(2, (await Index.FindAsync(invoice, 2)).Count);
    }

    [Fact]
    public async Task A_numeric_invoice_number_is_a_term_and_blank_or_missing_fields_are_not()
    {
        var number = Random.Shared.NextInt64(1_000_000_000, 9_000_000_000);
        Assert.Equal([number.ToString(System.Globalization.CultureInfo.InvariantCulture)], SearchTerms.Of(Request("r", new JsonObject { ["invoiceNumber"] = number }, null), T0).Select(e => e.Term));
        Assert.Empty(SearchTerms.Of(Request("r", new JsonObject { ["invoiceNumber"] = "  " }, " "), T0));
        Assert.Empty(SearchTerms.Of(Request("r", new JsonObject { ["invoiceNumber"] = new JsonObject() }, null), T0));
        Assert.Empty(SearchTerms.Of(Request("r", new JsonObject { ["invoiceNumber"] = new string('9', SearchTerms.MaxLength + 1) }, null), T0));
        Assert.Empty(SearchTerms.Of(Request("r", null, null), T0));

        var request = Request(StorageFixture.NewId("r"), new JsonObject { ["invoiceNumber"] = number }, null);
        await Index.AddAsync(SearchTerms.Of(request, T0));
        Assert.Equal(request.RequestId, Assert.Single(await Index.FindAsync(number.ToString(System.Globalization.CultureInfo.InvariantCulture), 10)).RequestId);
    }

    private static CommsRequest Request(string requestId, JsonObject? data, string? businessKey) =>
        new(requestId, "ACC-" + requestId, "InvoiceReady", Channel.Letter, null, data, null, null, CommsSource.Api, BusinessKey: businessKey);
}
