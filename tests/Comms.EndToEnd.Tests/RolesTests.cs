using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Comms.EndToEnd.Tests.Hosts;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// Keys and roles on a running host (README, Keys and roles): the app itself checks the key and its role, on
/// Comms.Server and on the Functions host alike; a key of the wrong role gets 403 naming the roles the route needs.
/// </summary>
public abstract class RolesTests(CommsFixture fixture)
{
    private CommsHost Host => fixture.Host;

    private static object Preview => new { data = new { invoiceNumber = "INV-R-1", amountDue = 1, dueDate = "2026-12-01" } };

    [HostFact]
    public async Task A_submit_key_submits_but_may_not_preview_templates_or_read_the_audit_log()
    {
        using var billing = Host.ClientWith(CommsHost.SubmitKey);
        var id = "roles-" + Guid.NewGuid().ToString("N");

        using (var submitted = await billing.PostAsJsonAsync("api/comms", Request(id)))
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }

        using (var preview = await billing.PostAsJsonAsync("api/templates/InvoiceReady/preview", Preview))
        {
            await AssertForbiddenAsync(preview, "admin");
        }

        using var audit = await billing.GetAsync("api/audit?accountId=ACC-ROLES");
        await AssertForbiddenAsync(audit, "admin");
    }

    [HostFact]
    public async Task An_agent_key_reads_but_may_not_submit_or_preview_publish_or_activate_templates()
    {
        var id = "roles-" + Guid.NewGuid().ToString("N");
        using (var submitted = await Host.SubmitAsync(Request(id)))
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }

        using var agent = Host.ClientWith(CommsHost.AgentKey);
        using (var read = await agent.GetAsync($"api/comms/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        var other = "roles-" + Guid.NewGuid().ToString("N");
        using (var submit = await agent.PostAsJsonAsync("api/comms", Request(other)))
        {
            await AssertForbiddenAsync(submit, "submit", "admin");
        }

        using (var missing = await Host.Http.GetAsync($"api/comms/{other}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var preview = await agent.PostAsJsonAsync("api/templates/InvoiceReady/preview", Preview))
        {
            await AssertForbiddenAsync(preview, "admin");
        }

        var files = new Dictionary<string, string> { ["sms.text.cshtml"] = "@model Comms.Core.Text.TemplateModel\nhi" };
        using (var publish = await agent.PostAsJsonAsync("api/templates/InvoiceReady/versions", new { files }))
        {
            await AssertForbiddenAsync(publish, "admin");
        }

        using (var activate = await agent.PostAsync("api/templates/InvoiceReady/versions/embedded/activate", null))
        {
            await AssertForbiddenAsync(activate, "admin");
        }

        // Nothing was stored by the refused publish.
        var versions = await Host.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("api/templates/InvoiceReady/versions");
        Assert.Equal(0, versions.GetProperty("versions").GetArrayLength());
    }

    [HostFact]
    public async Task A_wrong_key_is_401_and_health_needs_none()
    {
        using var wrong = Host.ClientWith("not-a-key-of-this-host-0123");
        using var anonymous = Host.ClientWith(null);

        using (var refused = await wrong.GetAsync("api/comms/anything"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        using var health = await anonymous.GetAsync("api/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private static object Request(string id) => new
    {
        requestId = id,
        accountId = "ACC-ROLES",
        commsType = "InvoiceReady",
        channel = "email",
        target = new { name = "Ada Lovelace", email = $"{id}@example.com" },
        data = new { invoiceNumber = "INV-R-1", amountDue = 42.50, dueDate = "2026-12-01" },
    };

    private static async Task AssertForbiddenAsync(HttpResponseMessage response, params string[] roles)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(roles, problem.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Collection(ServerCollection.Name)]
    public sealed class OnServer(CommsFixture.OnServer fixture) : RolesTests(fixture);

    [Collection(FunctionsCollection.Name)]
    public sealed class OnFunctions(CommsFixture.OnFunctions fixture) : RolesTests(fixture);
}
