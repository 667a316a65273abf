using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Comms.EndToEnd.Tests.Hosts;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// The audit log on a running host (README, Audit): a document view, a resend, a cancel and a preference change are
/// each recorded with the key's name and role, and <c>GET /api/audit</c> lists them, newest first, to admin keys only.
/// </summary>
public abstract class AuditTests(CommsFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private CommsHost Host => fixture.Host;

    [HostFact]
    public async Task Views_resends_cancels_and_preference_changes_are_listed_with_the_key_that_did_them()
    {
        var account = "ACC-AUD-" + Guid.NewGuid().ToString("N")[..8];
        using var billing = Host.ClientWith(CommsHost.SubmitKey);
        using var agent = Host.ClientWith(CommsHost.AgentKey);

        // A document view, by the billing platform.
        var sent = await SubmitAsync(account, null);
        await Host.WaitForDocumentsAsync(sent, Patience);
        using (var document = await billing.GetAsync($"api/comms/{sent}/documents/email.html"))
        {
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        }

        // A preference change, by an operator: the account opts out of billing e-mail, so the next request is suppressed.
        var body = """{"preferences":[{"category":"billing","channel":"email","optedIn":false}],"evidence":{"method":"webForm","by":"customer"}}""";
        using (var put = await Host.Http.PutAsync($"api/accounts/{account}/preferences", new StringContent(body, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // A resend of the suppressed request and a cancel of a scheduled one, by an agent.
        var suppressed = await SubmitAsync(account, null);
        await Host.WaitForStatusAsync(suppressed, Patience, "suppressed");
        using (var resend = await agent.PostAsync($"api/comms/{suppressed}/resend", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        }

        var scheduled = await SubmitAsync(account, DateTimeOffset.UtcNow.AddDays(1));
        using (var cancel = await agent.PostAsync($"api/comms/{scheduled}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        using var listed = await Host.Http.GetAsync($"api/audit?accountId={account}");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var entries = (await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString(), Key: e.GetProperty("keyName").GetString(), Role: e.GetProperty("role").GetString(),
                Account: e.GetProperty("accountId").GetString(), Target: e.GetProperty("target").GetString()))
            .ToList();
        Assert.Equal(
            [
                ("request.cancel", CommsHost.AgentKeyName, "agent", account, scheduled),
                ("request.resend", CommsHost.AgentKeyName, "agent", account, suppressed),
                ("preferences.change", CommsHost.AdminKeyName, "admin", account, account),
                ("document.view", CommsHost.SubmitKeyName, "submit", account, sent),
            ],
            entries);

        using var forbidden = await agent.GetAsync($"api/audit?accountId={account}");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [HostFact]
    public async Task An_audit_query_names_exactly_one_valid_scope()
    {
        foreach (var query in new[] { "", "?accountId=A&batchId=B", "?accountId=%3Cscript%3E", "?commsType=1x", "?accountId=A&pageSize=0" })
        {
            using var refused = await Host.Http.GetAsync("api/audit" + query);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        using var empty = await Host.Http.GetAsync("api/audit?commsType=InvoiceReady");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
    }

    private async Task<string> SubmitAsync(string account, DateTimeOffset? sendAt)
    {
        var id = "aud-" + Guid.NewGuid().ToString("N");
        using var response = await Host.SubmitAsync(new
        {
            requestId = id,
            accountId = account,
            commsType = "InvoiceReady",
            channel = "email",
            target = new { name = "Ada Lovelace", email = $"{id}@example.com" },
            data = new { invoiceNumber = "INV-A-1", amountDue = 42.50, dueDate = "2026-12-01" },
            sendAt,
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return id;
    }

    [Collection(ServerCollection.Name)]
    public sealed class OnServer(CommsFixture.OnServer fixture) : AuditTests(fixture);

    [Collection(FunctionsCollection.Name)]
    public sealed class OnFunctions(CommsFixture.OnFunctions fixture) : AuditTests(fixture);
}
