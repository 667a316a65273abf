using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Infrastructure.Rendering;

namespace Comms.Infrastructure.Tests.Rendering;

public sealed class RazorTemplateRendererTests
{
    private const string Hostile = "<script>alert(1)</script>";

    // One renderer for the class, as the app has one: each template compiles once for all tests.
    private static readonly RazorTemplateRenderer Renderer = new();

    public static TheoryData<string, Channel, string, string[]> Parts() => new()
    {
        { "InvoiceReady", Channel.Email, ChannelParts.Subject, ["INV-1"] },
        { "InvoiceReady", Channel.Email, ChannelParts.Html, ["Ada Lovelace", "INV-1", "£42.50", "1 December 2026", "<html"] },
        { "InvoiceReady", Channel.Online, ChannelParts.Title, ["INV-1"] },
        { "InvoiceReady", Channel.Online, ChannelParts.Body, ["INV-1", "£42.50", "1 December 2026"] },
        { "PaymentReminder", Channel.Email, ChannelParts.Subject, ["INV-1", "1 December 2026"] },
        { "PaymentReminder", Channel.Email, ChannelParts.Html, ["Ada Lovelace", "INV-1", "£42.50", "1 December 2026", "ACC-1"] },
        { "PaymentReminder", Channel.Online, ChannelParts.Title, ["INV-1"] },
        { "PaymentReminder", Channel.Online, ChannelParts.Body, ["INV-1", "£42.50", "1 December 2026"] },
        { "AccountClosed", Channel.Email, ChannelParts.Subject, ["ACC-1"] },
        { "AccountClosed", Channel.Email, ChannelParts.Html, ["Ada Lovelace", "ACC-1", "30 November 2026", "£7.25"] },
        { "AccountClosed", Channel.Online, ChannelParts.Title, ["ACC-1"] },
        { "AccountClosed", Channel.Online, ChannelParts.Body, ["ACC-1", "30 November 2026", "£7.25"] },
        { "InvoiceReady", Channel.Sms, ChannelParts.Text, ["Ada Lovelace", "INV-1", "£42.50", "1 December 2026"] },
        { "InvoiceReady", Channel.PushToHandset, ChannelParts.Title, ["INV-1"] },
        { "InvoiceReady", Channel.PushToHandset, ChannelParts.Body, ["£42.50", "1 December 2026"] },
        { "InvoiceReady", Channel.PushToExternal, ChannelParts.Body, ["\"invoiceNumber\": \"INV-1\"", "\"amountDue\": 42.50", "\"requestId\": \"req-1\""] },
        { "PaymentReminder", Channel.Sms, ChannelParts.Text, ["INV-1", "£42.50", "1 December 2026"] },
        { "PaymentReminder", Channel.PushToHandset, ChannelParts.Title, ["INV-1"] },
        { "PaymentReminder", Channel.PushToHandset, ChannelParts.Body, ["£42.50", "1 December 2026"] },
        { "PaymentReminder", Channel.PushToExternal, ChannelParts.Body, ["\"type\": \"PaymentReminder\"", "\"dueDate\": \"2026-12-01\""] },
        { "AccountClosed", Channel.Sms, ChannelParts.Text, ["ACC-1", "30 November 2026", "£7.25"] },
        { "AccountClosed", Channel.PushToHandset, ChannelParts.Title, ["ACC-1"] },
        { "AccountClosed", Channel.PushToHandset, ChannelParts.Body, ["30 November 2026"] },
        { "AccountClosed", Channel.PushToExternal, ChannelParts.Body, ["\"closedOn\": \"2026-11-30\"", "\"finalBalance\": 7.25"] },
    };

    [Theory]
    [InlineData("InvoiceReady")]
    [InlineData("PaymentReminder")]
    [InlineData("AccountClosed")]
    public async Task The_external_payload_stays_json_whatever_the_data(string commsType)
    {
        const string Nasty = "\"}, \"evil\": true, \"x\": \"\\ &amp; </script>\r\n\u0000 £";
        var data = Data();
        foreach (var field in new[] { "invoiceNumber", "dueDate", "closedOn", "currency" })
        {
            data[field] = Nasty;
        }

        var model = new TemplateModel("req-\"1", "ACC-\"1", commsType, new CommsTarget(Nasty), data, "en-GB");
        var payload = await Renderer.RenderAsync(commsType, Channel.PushToExternal, ChannelParts.Body, model);

        using var json = System.Text.Json.JsonDocument.Parse(payload);
        var root = json.RootElement;
        Assert.False(root.TryGetProperty("evil", out _));
        Assert.Equal(commsType, root.GetProperty("type").GetString());
        Assert.Equal("req-\"1", root.GetProperty("requestId").GetString());
        Assert.Equal(Nasty, root.GetProperty(commsType == "AccountClosed" ? "closedOn" : "invoiceNumber").GetString());
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public async Task Renders_each_part_with_its_merge_fields(string commsType, Channel channel, string part, string[] expected)
    {
        var text = await Renderer.RenderAsync(commsType, channel, part, Model(commsType, "en-GB"));

        // Razor's encoder writes non-ASCII characters such as £ as character references in HTML.
        var shown = part == ChannelParts.Html ? WebUtility.HtmlDecode(text) : text;
        Assert.All(expected, e => Assert.Contains(e, shown, StringComparison.Ordinal));
        if (part is ChannelParts.Subject or ChannelParts.Title)
        {
            Assert.Equal(text.Trim(), text);
            Assert.DoesNotContain('\n', text);
        }
    }

    [Fact]
    public async Task Html_email_is_a_whole_document_from_the_layout()
    {
        var html = await Renderer.RenderAsync("InvoiceReady", Channel.Email, ChannelParts.Html, Model("InvoiceReady", "en-GB"));

        Assert.StartsWith("<!DOCTYPE html>", html.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("<title>Your invoice is ready</title>", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"en-GB\"", html, StringComparison.Ordinal);
        Assert.Contains("req-1", html, StringComparison.Ordinal);
    }

    /// <summary>Welsh for a <c>cy-GB</c> customer (InvoiceReady/cy/, found through the language), English for <c>en-GB</c>; other types fall back to English.</summary>
    [Theory]
    [InlineData("cy-GB", Channel.Sms, ChannelParts.Text, "Helo Ada Lovelace, mae eich anfoneb INV-1 am £42.50 yn barod. Talwch hi erbyn 1 Rhagfyr 2026.")]
    [InlineData("cy-GB", Channel.Email, ChannelParts.Subject, "Mae eich anfoneb INV-1 yn barod")]
    [InlineData("cy-GB", Channel.PushToHandset, ChannelParts.Body, "£42.50 yn ddyledus erbyn 1 Rhagfyr 2026.")]
    [InlineData("en-GB", Channel.Sms, ChannelParts.Text, "Hi Ada Lovelace, your invoice INV-1 for £42.50 is ready. Please pay it by 1 December 2026.")]
    [InlineData("en-GB", Channel.Email, ChannelParts.Subject, "Your invoice INV-1 is ready")]
    public async Task A_locale_finds_its_language_and_falls_back_to_the_default(string locale, Channel channel, string part, string expected) =>
        Assert.Equal(expected, await Renderer.RenderAsync("InvoiceReady", channel, part, Model("InvoiceReady", locale)));

    [Fact]
    public async Task A_welsh_letter_and_email_use_welsh_words_in_the_layout_too_and_other_types_stay_english()
    {
        var letter = WebUtility.HtmlDecode(await Renderer.RenderAsync("InvoiceReady", Channel.Letter, ChannelParts.Html, Model("InvoiceReady", "cy-GB")));
        Assert.Contains("Yn gywir,", letter, StringComparison.Ordinal);
        Assert.Contains("Cyfrif ACC-1", letter, StringComparison.Ordinal);
        Assert.DoesNotContain("Yours sincerely", letter, StringComparison.Ordinal);
        var email = WebUtility.HtmlDecode(await Renderer.RenderAsync("InvoiceReady", Channel.Email, ChannelParts.Html, Model("InvoiceReady", "cy-GB")));
        Assert.Contains("lang=\"cy-GB\"", email, StringComparison.Ordinal);
        Assert.Contains("Peidiwch ag ateb yr e-bost hwn.", email, StringComparison.Ordinal);

        var reminder = await Renderer.RenderAsync("PaymentReminder", Channel.Sms, ChannelParts.Text, Model("PaymentReminder", "cy-GB"));
        Assert.StartsWith("Reminder: invoice INV-1", reminder, StringComparison.Ordinal);
        Assert.Contains("Rhagfyr", reminder, StringComparison.Ordinal); // the date still follows the customer's locale
    }

    [Fact]
    public async Task Optional_fields_are_left_out_when_missing()
    {
        var model = new TemplateModel("req-1", "ACC-1", "AccountClosed", new CommsTarget("Ada"), new JsonObject { ["closedOn"] = "2026-11-30" }, "en-GB");

        var body = await Renderer.RenderAsync("AccountClosed", Channel.Online, ChannelParts.Body, model);

        Assert.Equal("Your account ACC-1 was closed on 30 November 2026.", body);
    }

    [Fact]
    public async Task Money_and_dates_follow_the_request_culture_not_the_thread()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        try
        {
            var gb = await Renderer.RenderAsync("InvoiceReady", Channel.Online, ChannelParts.Body, Model("InvoiceReady", "en-GB"));
            var de = await Renderer.RenderAsync("InvoiceReady", Channel.Online, ChannelParts.Body, Model("InvoiceReady", "de-DE"));

            Assert.Contains("£42.50", gb, StringComparison.Ordinal);
            Assert.Contains("1 December 2026", gb, StringComparison.Ordinal);
            Assert.Contains("42,50 €", de, StringComparison.Ordinal);
            Assert.Contains("1 Dezember 2026", de, StringComparison.Ordinal);
            Assert.Equal("en-US", CultureInfo.CurrentCulture.Name);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task A_currency_field_names_the_currency_in_the_request_culture()
    {
        var data = Data();
        data["currency"] = "EUR";
        var gb = await Renderer.RenderAsync("InvoiceReady", Channel.Email, ChannelParts.Html, new TemplateModel("req-1", "ACC-1", "InvoiceReady", new CommsTarget("Ada"), data, "en-GB"));
        var de = await Renderer.RenderAsync("InvoiceReady", Channel.Email, ChannelParts.Html, new TemplateModel("req-1", "ACC-1", "InvoiceReady", new CommsTarget("Ada"), data.DeepClone().AsObject(), "de-DE"));

        Assert.Contains("EUR 42.50", gb, StringComparison.Ordinal);
        Assert.Contains("EUR 42,50", de, StringComparison.Ordinal);
        Assert.Contains("1 Dezember 2026", WebUtility.HtmlDecode(de), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_data_is_encoded_in_html()
    {
        var model = HostileModel();

        var html = await Renderer.RenderAsync("InvoiceReady", Channel.Email, ChannelParts.Html, model);

        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Channel.Email, ChannelParts.Subject)]
    [InlineData(Channel.Online, ChannelParts.Title)]
    [InlineData(Channel.Online, ChannelParts.Body)]
    public async Task Hostile_data_appears_literally_in_text_parts(Channel channel, string part)
    {
        var text = await Renderer.RenderAsync("InvoiceReady", channel, part, HostileModel());

        Assert.Contains(Hostile, text, StringComparison.Ordinal);
        Assert.DoesNotContain("&lt;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("&amp;", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_parts_keep_ampersands_and_quotes_as_written()
    {
        var data = Data();
        data["invoiceNumber"] = "A&B \"1\" O'Brien";

        var subject = await Renderer.RenderAsync("InvoiceReady", Channel.Email, ChannelParts.Subject, new TemplateModel("req-1", "ACC-1", "InvoiceReady", new CommsTarget(), data, "en-GB"));

        Assert.Equal("Your invoice A&B \"1\" O'Brien is ready", subject);
    }

    [Fact]
    public async Task A_line_break_in_data_does_not_break_a_subject()
    {
        var data = Data();
        data["invoiceNumber"] = "INV-1\r\nBcc: someone@example.com";

        var subject = await Renderer.RenderAsync("InvoiceReady", Channel.Email, ChannelParts.Subject, new TemplateModel("req-1", "ACC-1", "InvoiceReady", new CommsTarget(), data, "en-GB"));

        Assert.Equal("Your invoice INV-1 Bcc: someone@example.com is ready", subject);
    }

    [Theory]
    [InlineData("NoSuchType", Channel.Email, ChannelParts.Html)]
    [InlineData("NoSuchType", Channel.Sms, ChannelParts.Text)]
    [InlineData("InvoiceReady", Channel.Email, ChannelParts.Body)]
    [InlineData("_Layouts", Channel.Email, ChannelParts.Html)]
    [InlineData("InvoiceReady.email", Channel.Email, ChannelParts.Html)]
    [InlineData("", Channel.Email, ChannelParts.Html)]
    public async Task Unknown_templates_are_not_found(string commsType, Channel channel, string part)
    {
        var e = await Assert.ThrowsAsync<TemplateNotFoundException>(() => Renderer.RenderAsync(commsType, channel, part, Model("InvoiceReady", "en-GB")));

        Assert.Contains(part, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comms_type_matches_in_any_case()
    {
        var subject = await Renderer.RenderAsync("invoiceready", Channel.Email, ChannelParts.Subject, Model("InvoiceReady", "en-GB"));

        Assert.Equal("Your invoice INV-1 is ready", subject);
    }

    [Fact]
    public async Task Each_template_compiles_once()
    {
        var renderer = new RazorTemplateRenderer();
        var model = Model("PaymentReminder", "en-GB");
        Assert.False(renderer.IsCompiled("PaymentReminder", Channel.Online, ChannelParts.Title));

        var first = Stopwatch.StartNew();
        var expected = await renderer.RenderAsync("PaymentReminder", Channel.Online, ChannelParts.Title, model);
        first.Stop();
        Assert.True(renderer.IsCompiled("PaymentReminder", Channel.Online, ChannelParts.Title));

        var rest = Stopwatch.StartNew();
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(expected, await renderer.RenderAsync("PaymentReminder", Channel.Online, ChannelParts.Title, model));
        }

        rest.Stop();

        // Compiling runs Roslyn; fifty renders of a compiled template together still take less than that.
        Assert.True(rest.Elapsed < first.Elapsed, $"50 cached renders took {rest.Elapsed}, the first (compiling) one {first.Elapsed}.");
    }

    [Fact]
    public void Version_is_stable_and_names_the_embedded_set()
    {
        Assert.StartsWith("embedded-", Renderer.Version, StringComparison.Ordinal);
        Assert.Equal(Renderer.Version, new RazorTemplateRenderer().Version);
    }

    private static JsonObject Data() => new()
    {
        ["invoiceNumber"] = "INV-1",
        ["amountDue"] = 42.50m,
        ["dueDate"] = "2026-12-01",
        ["closedOn"] = "2026-11-30",
        ["finalBalance"] = 7.25m,
    };

    private static TemplateModel Model(string commsType, string locale) =>
        new("req-1", "ACC-1", commsType, new CommsTarget("Ada Lovelace", "ada@example.com"), Data(), locale);

    private static TemplateModel HostileModel()
    {
        var data = Data();
        data["invoiceNumber"] = Hostile;
        return new TemplateModel("req-1", "ACC-1", "InvoiceReady", new CommsTarget(Hostile, "ada@example.com"), data, "en-GB");
    }

    [Theory]
    [InlineData("InvoiceReady", Channel.Email, true)]
    [InlineData("PaymentReminder", Channel.Letter, true)]
    [InlineData("AccountClosed", Channel.PushToExternal, true)]
    [InlineData("NoSuchType", Channel.Email, false)]
    [InlineData("../InvoiceReady", Channel.Email, false)]
    [InlineData("", Channel.Sms, false)]
    public void The_intake_can_ask_whether_a_comms_type_has_templates_for_a_channel(string commsType, Channel channel, bool expected)
    {
        Assert.Equal(expected, Renderer.HasTemplates(commsType, channel));
    }
}
