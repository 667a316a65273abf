using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Comms.EndToEnd.Tests.Hosts;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// Template versions on a running host (README, Template versions): a comms type added by publishing, a new version
/// previewed and activated, requests keeping the version they arrived under, refusals naming the file and line, rollback.
/// Each test publishes its own comms type, so the versions it activates touch no other test.
/// </summary>
public abstract class TemplateVersionTests(ProviderFixture fixture)
{
    private static readonly TimeSpan Patience = Scenario.Patience;

    private CommsHost Host => fixture.Host;

    private static Dictionary<string, string> Files(string subject, string sms = "Hi @Model.Name, your renewal @Model.Text(\"ref\") is due.") => new()
    {
        ["email.subject.cshtml"] = "@model Comms.Core.Text.TemplateModel\n" + subject,
        ["email.html.cshtml"] = "@model Comms.Core.Text.TemplateModel\n@{\n    Layout = \"_Layouts.email\";\n    ViewBag.Title = \"Renewal\";\n}\n<p>Dear @Model.Name, your renewal <strong>@Model.Text(\"ref\")</strong> is due.</p>\n",
        ["sms.text.cshtml"] = "@model Comms.Core.Text.TemplateModel\n" + sms,
        ["cy/sms.text.cshtml"] = "@model Comms.Core.Text.TemplateModel\nHelo @Model.Name, mae eich adnewyddiad @Model.Text(\"ref\") yn ddyledus.",
    };

    private static object Version(Dictionary<string, string> files) => new
    {
        files,
        sampleData = new { @ref = "REN-SAMPLE" },
        catalogue = new { category = "service" },
    };

    [HostFact]
    public async Task A_new_version_previewed_and_activated_is_used_by_the_next_request_while_a_scheduled_one_keeps_its_own()
    {
        var type = NewType();
        var first = await PublishAsync(type, Files("Your renewal @Model.Text(\"ref\") is due"));
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.False(first.GetProperty("active").GetBoolean());
        var report = first.GetProperty("report").EnumerateArray().ToList();
        Assert.Contains(report, c => c.GetProperty("channel").GetString() == "sms" && c.GetProperty("locale").GetString() == "cy" && c.GetProperty("segments").GetInt32() == 1);

        // A type whose only templates are unpublished versions takes no request until one is active.
        using (var early = await Host.SubmitAsync(Request(type, "early")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        }

        await ActivateAsync(type, "1");
        var scheduledId = "tv-" + Guid.NewGuid().ToString("N");
        using (var scheduled = await Host.SubmitAsync(Request(type, "REN-OLD", scheduledId, DateTimeOffset.UtcNow.AddSeconds(25))))
        {
            Assert.Equal(HttpStatusCode.Accepted, scheduled.StatusCode);
        }

        var second = await PublishAsync(type, Files("Action needed: renewal @Model.Text(\"ref\")"));
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        using (var preview = await Host.Http.PostAsJsonAsync($"api/templates/{type}/preview", new { version = 2 }))
        {
            Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
            var channels = (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("channels");
            Assert.Equal("Action needed: renewal REN-SAMPLE", channels.GetProperty("email").GetProperty("subject").GetString());
        }

        var activated = await ActivateAsync(type, "2");
        Assert.Equal((2, 1), (activated.GetProperty("active").GetInt32(), activated.GetProperty("previous").GetInt32()));

        var nextId = "tv-" + Guid.NewGuid().ToString("N");
        using (var next = await Host.SubmitAsync(Request(type, "REN-NEW", nextId)))
        {
            Assert.Equal(HttpStatusCode.Accepted, next.StatusCode);
        }

        var nextView = await Host.WaitForStatusAsync(nextId, Patience, "sent");
        Assert.Equal(2, nextView.GetProperty("templateVersion").GetInt32());
        Assert.Equal("Action needed: renewal REN-NEW", Assert.Single(fixture.Acs.Emails, e => e.Subject.Contains("REN-NEW", StringComparison.Ordinal)).Subject);

        var scheduledView = await Host.WaitForStatusAsync(scheduledId, Patience, "sent");
        Assert.Equal(1, scheduledView.GetProperty("templateVersion").GetInt32());
        Assert.Equal("Your renewal REN-OLD is due", Assert.Single(fixture.Acs.Emails, e => e.Subject.Contains("REN-OLD", StringComparison.Ordinal)).Subject);

        // Rollback: version 1 again for the next request.
        Assert.Equal(1, (await ActivateAsync(type, "1")).GetProperty("active").GetInt32());
        var rolledId = "tv-" + Guid.NewGuid().ToString("N");
        using (var rolled = await Host.SubmitAsync(Request(type, "REN-BACK", rolledId)))
        {
            Assert.Equal(HttpStatusCode.Accepted, rolled.StatusCode);
        }

        await Host.WaitForStatusAsync(rolledId, Patience, "sent");
        Assert.Equal("Your renewal REN-BACK is due", Assert.Single(fixture.Acs.Emails, e => e.Subject.Contains("REN-BACK", StringComparison.Ordinal)).Subject);

        var list = await Host.Http.GetFromJsonAsync<JsonElement>($"api/templates/{type}/versions");
        Assert.Equal(1, list.GetProperty("active").GetInt32());
        Assert.Equal([1, 2], list.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).ToArray());
        Assert.All(list.GetProperty("versions").EnumerateArray(), v => Assert.Equal(CommsHost.AdminKeyName, v.GetProperty("publishedBy").GetString()));
        var detail = await Host.Http.GetFromJsonAsync<JsonElement>($"api/templates/{type}/versions/2");
        Assert.Equal("@model Comms.Core.Text.TemplateModel\nAction needed: renewal @Model.Text(\"ref\")", detail.GetProperty("files").GetProperty("email.subject.cshtml").GetString());
    }

    [HostFact]
    public async Task Publishing_and_activating_are_in_the_audit_log_with_the_administrators_key()
    {
        var type = NewType();
        await PublishAsync(type, Files("Your renewal @Model.Text(\"ref\") is due"));
        await ActivateAsync(type, "1");

        var rows = (await Host.Http.GetFromJsonAsync<JsonElement>($"api/audit?commsType={type}")).GetProperty("items").EnumerateArray()
            .Select(r => (r.GetProperty("action").GetString(), r.GetProperty("keyName").GetString(), r.GetProperty("role").GetString(), r.GetProperty("target").GetString()))
            .ToList();
        Assert.Equal(
            [("template.activate", CommsHost.AdminKeyName, "admin", $"{type}/1"), ("template.publish", CommsHost.AdminKeyName, "admin", $"{type}/1")],
            rows);
    }

    [HostFact]
    public async Task A_version_that_does_not_compile_or_whose_sms_is_too_long_is_refused_with_the_file_line_and_reason()
    {
        var type = NewType();
        var broken = Files("Your renewal @Model.Text(\"ref\") is due", "Hi @Model.Name,\nyour renewal @Model.NoSuchMember is due.");
        var problem = await RefusedAsync(type, broken);
        var compile = Assert.Single(problem.GetProperty("problems").EnumerateArray());
        Assert.Equal("sms.text.cshtml", compile.GetProperty("file").GetString());
        Assert.Equal(3, compile.GetProperty("line").GetInt32());
        Assert.Contains("NoSuchMember", compile.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var longSms = Files("Your renewal @Model.Text(\"ref\") is due", "Hi @Model.Name, " + string.Concat(Enumerable.Repeat("your renewal @Model.Text(\"ref\") is due. ", 12)));
        var segments = Assert.Single((await RefusedAsync(type, longSms)).GetProperty("problems").EnumerateArray());
        Assert.Equal("sms.text.cshtml", segments.GetProperty("file").GetString());
        Assert.Contains("3 segments", segments.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // Nothing was stored: the type has no versions.
        using var list = await Host.Http.GetAsync($"api/templates/{type}/versions");
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
    }

    [HostFact]
    public async Task Bad_publishes_and_activations_are_refused_clearly()
    {
        var type = NewType();
        foreach (var (body, field) in new[]
        {
            ("not json", "$"),
            ("""{"sampleData":{}}""", "files"),
            ("""{"files":[]}""", "files"),
            ("""{"files":{"email.subject.cshtml":1}}""", "files.email.subject.cshtml"),
            ("""{"files":{"sms.text.cshtml":"x"},"sampleData":[1]}""", "sampleData"),
            ("""{"files":{"sms.text.cshtml":"x"},"catalogue":{"category":"nope"}}""", "catalogue"),
        })
        {
            using var refused = await Host.Http.PostAsync($"api/templates/{type}/versions", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        var hostile = await RefusedAsync(type, new Dictionary<string, string> { ["../../_Layouts/email.cshtml"] = "x", ["sms.text.cshtml"] = "@model Comms.Core.Text.TemplateModel\nhi" });
        Assert.Contains(hostile.GetProperty("problems").EnumerateArray(), p => p.GetProperty("file").GetString() == "../../_Layouts/email.cshtml");

        using (var badType = await Host.Http.PostAsJsonAsync("api/templates/..%2Fx/versions", Version(Files("x"))))
        {
            Assert.True(badType.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, badType.StatusCode.ToString());
        }

        using (var huge = await Host.Http.PostAsync($"api/templates/{type}/versions", new StringContent(new string(' ', 1100 * 1024) + "{}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        }

        foreach (var version in new[] { "7", "0", "-1", "x", "embedded" })
        {
            using var missing = await Host.Http.PostAsync($"api/templates/{type}/versions/{version}/activate", null);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }

    private static string NewType() => "Renewal" + Guid.NewGuid().ToString("N")[..10];

    private static object Request(string type, string reference, string? id = null, DateTimeOffset? sendAt = null) => new
    {
        requestId = id ?? "tv-" + Guid.NewGuid().ToString("N"),
        accountId = "ACC-TV",
        commsType = type,
        channel = "email",
        target = new { name = "Ada Lovelace", email = $"{Guid.NewGuid():N}@example.com" },
        data = new { @ref = reference },
        sendAt,
    };

    private async Task<JsonElement> PublishAsync(string type, Dictionary<string, string> files)
    {
        using var response = await Host.Http.PostAsJsonAsync($"api/templates/{type}/versions", Version(files));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body;
    }

    private async Task<JsonElement> RefusedAsync(string type, Dictionary<string, string> files)
    {
        using var response = await Host.Http.PostAsJsonAsync($"api/templates/{type}/versions", Version(files));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, body.ToString());
        return body;
    }

    private async Task<JsonElement> ActivateAsync(string type, string version)
    {
        using var response = await Host.Http.PostAsync($"api/templates/{type}/versions/{version}/activate", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    [Collection(ProviderServerCollection.Name)]
    public sealed class OnServer(ProviderFixture.OnServer fixture) : TemplateVersionTests(fixture);

    [Collection(ProviderFunctionsCollection.Name)]
    public sealed class OnFunctions(ProviderFixture.OnFunctions fixture) : TemplateVersionTests(fixture);
}
