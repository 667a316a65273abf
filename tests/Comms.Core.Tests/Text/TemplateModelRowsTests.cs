using System.Text.Json.Nodes;
using Comms.Core.Domain;
using Comms.Core.Text;

namespace Comms.Core.Tests.Text;

public class TemplateModelRowsTests
{
    [Fact]
    public void Rows_are_the_objects_of_an_array_formatted_like_the_request_with_its_currency()
    {
        var data = JsonNode.Parse("""
            { "currency": "EUR", "charges": [ { "description": "Line rental", "amount": 12.5 }, "not an object", 7, null,
              { "description": "<b>Calls</b>", "amount": "3.10", "currency": "USD" } ] }
            """)!.AsObject();
        var model = new TemplateModel("r-1", "ACC-1", "InvoiceReady", new CommsTarget("Ada"), data, "en-GB");

        var rows = model.Rows("charges");

        Assert.Equal(2, rows.Count);
        Assert.Equal("Line rental", rows[0].Text("description"));
        Assert.Equal("EUR 12.50", rows[0].Money("amount"));
        Assert.Equal("<b>Calls</b>", rows[1].Text("description"));
        Assert.Equal("USD 3.10", rows[1].Money("amount"));
        Assert.Empty(model.Rows("currency"));
        Assert.Empty(model.Rows("missing"));
        Assert.True(data["charges"]![0]!.AsObject().ContainsKey("currency") is false, "The request's data is not changed.");
    }
}
