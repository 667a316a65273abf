using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Comms.EndToEnd.Tests.Hosts;

namespace Comms.EndToEnd.Tests;

/// <summary><c>POST /api/templates/{commsType}/preview</c> on a running host (README, Templates and locales): rendered, never sent or stored.</summary>
public abstract class TemplatePreviewTests(ProviderFixture fixture)
{
    private CommsHost Host => fixture.Host;

    private static readonly object Body = new
    {
        data = new { invoiceNumber = "INV-PV-1", amountDue = 42.50, dueDate = "2026-12-01" },
        locale = "cy-GB",
        target = new { name = "Ada Lovelace" },
    };

    [HostFact]
    public async Task A_preview_shows_every_channel_in_the_customers_language_and_sends_nothing()
    {
        var (emails, sms) = (fixture.Acs.Emails.Count, fixture.Acs.Sms.Count);
        using var response = await Host.Http.PostAsJsonAsync("api/templates/InvoiceReady/preview", Body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
        var channels = preview.GetProperty("channels");
        Assert.Equal("cy-GB", preview.GetProperty("locale").GetString());
        Assert.Equal("Mae eich anfoneb INV-PV-1 yn barod", channels.GetProperty("email").GetProperty("subject").GetString());
        Assert.StartsWith("<!DOCTYPE html>", channels.GetProperty("email").GetProperty("html").GetString()!.TrimStart(), StringComparison.Ordinal);
        var text = channels.GetProperty("sms");
        Assert.Equal("Helo Ada Lovelace, mae eich anfoneb INV-PV-1 am £42.50 yn barod. Talwch hi erbyn 1 Rhagfyr 2026.", text.GetProperty("text").GetString());
        Assert.Equal(("gsm7", 1), (text.GetProperty("encoding").GetString(), text.GetProperty("segments").GetInt32()));
        var letter = channels.GetProperty("letter");
        Assert.Equal(1, letter.GetProperty("pages").GetInt32());
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString(Convert.FromBase64String(letter.GetProperty("pdf").GetString()!)[..4]), StringComparison.Ordinal);
        Assert.Equal("Mae anfoneb INV-PV-1 yn barod", channels.GetProperty("pushToHandset").GetProperty("title").GetString());

        Assert.Equal((emails, sms), (fixture.Acs.Emails.Count, fixture.Acs.Sms.Count));
        using var stored = await Host.Http.GetAsync("api/comms/preview");
        Assert.Equal(HttpStatusCode.NotFound, stored.StatusCode);
    }

    [HostFact]
    public async Task One_part_alone_comes_with_its_content_type()
    {
        using var response = await Host.Http.PostAsJsonAsync("api/templates/InvoiceReady/preview?part=letter.pdf", Body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", Encoding.ASCII.GetString((await response.Content.ReadAsByteArrayAsync())[..4]), StringComparison.Ordinal);
    }

    [HostFact]
    public async Task Bad_previews_are_refused_clearly()
    {
        using (var unknown = await Host.Http.PostAsJsonAsync("api/templates/NoSuchType/preview", Body))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        foreach (var (path, body, field) in new[]
        {
            ("api/templates/InvoiceReady/preview", """{"locale":"xx-NOPE"}""", "locale"),
            ("api/templates/InvoiceReady/preview", """{"data":[1]}""", "data"),
            ("api/templates/InvoiceReady/preview", """{"target":{"email":"nope"}}""", "target"),
            ("api/templates/InvoiceReady/preview?part=../../etc/passwd", "{}", "part"),
            ("api/templates/InvoiceReady/preview", "not json", "$"),
        })
        {
            using var refused = await Host.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        using var huge = await Host.Http.PostAsync("api/templates/InvoiceReady/preview", new StringContent(new string(' ', 1100 * 1024) + "{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        using var anonymous = await new HttpClient { BaseAddress = Host.BaseAddress }.PostAsJsonAsync("api/templates/InvoiceReady/preview", Body);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Collection(ProviderServerCollection.Name)]
    public sealed class OnServer(ProviderFixture.OnServer fixture) : TemplatePreviewTests(fixture);

    [Collection(ProviderFunctionsCollection.Name)]
    public sealed class OnFunctions(ProviderFixture.OnFunctions fixture) : TemplatePreviewTests(fixture);
}
