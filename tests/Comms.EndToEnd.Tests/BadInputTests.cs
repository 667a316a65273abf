using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Comms.Core.Hosting;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;

namespace Comms.EndToEnd.Tests;

/// <summary>Bad input gets a clear error and leaves nothing behind: no header row, no orchestration, no message.</summary>
public abstract class BadInputTests(CommsFixture fixture)
{
    private CommsHost Host => fixture.Host;

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{ "requestId": "ID", "accountId": "A", "commsType": "InvoiceReady", "channel": "email" """, "$" },
        { """{ "requestId": "ID", "commsType": "InvoiceReady", "channel": "email" }""", "accountId" },
        { """{ "requestId": "ID", "accountId": "A", "channel": "email" }""", "commsType" },
        { """{ "requestId": "ID", "accountId": "A", "commsType": "InvoiceReady", "channel": "carrierPigeon" }""", "channel" },
        { """{ "requestId": "ID", "accountId": "A", "commsType": "InvoiceReady", "channel": "email", "target": { "email": "<script>" } }""", "target.email" },
        { """{ "requestId": "ID", "accountId": "A", "commsType": "<script>alert(1)</script>", "channel": "email" }""", "commsType" },
        { """{ "requestId": "ID", "accountId": "A", "commsType": "NoSuchType", "channel": "email" }""", "commsType" },
        { "null", "$" },
        { "", "$" },

        // Hostile input that once reached a 500: an unpaired surrogate, duplicate keys (at the top and in data).
        { """{ "requestId": "ID", "accountId": "A", "commsType": "InvoiceReady", "channel": "email", "target": { "name": "\ud800" } }""", "$" },
        { """{ "requestId": "ID", "requestId": "ID", "accountId": "A", "commsType": "InvoiceReady", "channel": "email" }""", "$" },
        { """{ "requestId": "ID", "accountId": "A", "commsType": "InvoiceReady", "channel": "online", "data": { "x": 1, "x": 2 } }""", "$" },
    };

    [HostTheory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task A_request_id_of_dots_alone_is_refused_and_writes_nothing(string id)
    {
        using var response = await PostRaw($$"""{ "requestId": "{{id}}", "accountId": "A", "commsType": "InvoiceReady", "channel": "online" }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("requestId", out _), problem.ToString());
    }

    [HostTheory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_body_is_a_400_problem_naming_the_field_and_writes_nothing(string template, string field)
    {
        var id = "bad-" + Guid.NewGuid().ToString("N");
        using var response = await PostRaw(template.Replace("\"ID\"", $"\"{id}\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
        await AssertNothingWritten(id);
    }

    [HostFact]
    public async Task An_over_long_request_id_is_refused()
    {
        var id = new string('x', 101);
        using var response = await PostRaw($$"""{ "requestId": "{{id}}", "accountId": "A", "commsType": "InvoiceReady", "channel": "email" }""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("requestId", (await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [HostFact]
    public async Task A_300_KB_body_is_a_413_and_writes_nothing()
    {
        var id = "big-" + Guid.NewGuid().ToString("N");
        var body = JsonSerializer.Serialize(new
        {
            requestId = id, accountId = "A", commsType = "InvoiceReady", channel = "email",
            target = new { email = "big@example.com" }, data = new { blob = new string('x', 300 * 1024) },
        });

        using var response = await PostRaw(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingWritten(id);
    }

    [HostTheory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("")]
    public async Task A_missing_or_wrong_key_is_a_401_and_writes_nothing(string? key)
    {
        var id = "nokey-" + Guid.NewGuid().ToString("N");
        using var client = new HttpClient { BaseAddress = Host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/comms")
        {
            Content = JsonContent.Create(new { requestId = id, accountId = "A", commsType = "InvoiceReady", channel = "email", target = new { email = $"{id}@example.com" } }),
        };
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertNothingWritten(id);
        Assert.Empty(await fixture.MailDev.MessagesToAsync($"{id}@example.com"));
    }

    /// <summary>
    /// The key level of the bindings table, on the running host: a keyed route refuses a call without the key and
    /// takes it with the key; an anonymous route answers the same with or without it.
    /// </summary>
    [HostFact]
    public async Task Every_route_of_the_bindings_table_asks_for_the_key_exactly_when_the_table_says()
    {
        using var anonymous = new HttpClient { BaseAddress = Host.BaseAddress };
        foreach (var binding in HostBindings.Http)
        {
            var path = "api/" + System.Text.RegularExpressions.Regex.Replace(binding.Route, "{[^}]+}", "keycheck");
            async Task<HttpStatusCode> CallAsync(HttpClient client)
            {
                using var request = new HttpRequestMessage(new HttpMethod(binding.Method), path) { Content = binding.Method == "GET" ? null : new StringContent("{}", Encoding.UTF8, "application/json") };
                using var response = await client.SendAsync(request);
                return response.StatusCode;
            }

            var without = await CallAsync(anonymous);
            var with = await CallAsync(Host.Http);
            var asksForKey = without == HttpStatusCode.Unauthorized && with != HttpStatusCode.Unauthorized;
            Assert.True(
                !binding.IsAnonymous ? asksForKey : without == with,
                $"{binding.Method} {path} ({string.Join(",", binding.Roles)}) answered {(int)without} without the key and {(int)with} with it on {fixture.Kind}");
        }
    }

    [HostFact]
    public async Task The_key_is_accepted_as_the_code_query_parameter_and_every_read_route_needs_it()
    {
        using var client = new HttpClient { BaseAddress = Host.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/rejected")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/comms/x")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("api/accounts/A/comms")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"api/rejected?code={CommsHost.ApiKey}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/health")).StatusCode);
    }

    [HostTheory]
    [InlineData("api/comms/unknown-request")]
    [InlineData("api/comms/..%2F..%2Fetc/documents/passwd")]
    [InlineData("api/comms/unknown-request/documents/email.html")]
    [InlineData("api/accounts/ACC-NONE/profile")]
    public async Task Unknown_things_are_a_404_problem(string path)
    {
        using var response = await Host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [HostTheory]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=1000")]
    [InlineData("pageSize=abc")]
    public async Task Bad_paging_is_a_400(string query)
    {
        using var response = await Host.Http.GetAsync($"api/accounts/A/comms?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [HostFact]
    public async Task A_bad_profile_is_a_400_and_is_not_stored()
    {
        var account = "ACC-BP-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await Host.Http.PutAsJsonAsync($"api/accounts/{account}/profile", new { email = "nope", phone = "123" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("phone", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Http.GetAsync($"api/accounts/{account}/profile")).StatusCode);
    }

    [HostFact]
    public async Task An_oversized_profile_is_a_413_and_is_not_stored()
    {
        var account = "ACC-BIG-" + Guid.NewGuid().ToString("N")[..8];
        using var response = await Host.Http.PutAsJsonAsync($"api/accounts/{account}/profile", new { name = new string('x', 70 * 1024) }); // over CommsApi.MaxProfileBytes (64 KB)

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Http.GetAsync($"api/accounts/{account}/profile")).StatusCode);
    }

    [HostTheory]
    [InlineData("api/accounts/ACC-NONE/notifications/nothing-here/read")]
    [InlineData("api/accounts/ACC%2FX/notifications/x/read")]
    [InlineData("api/accounts/ACC-NONE/notifications/%3Cscript%3E/read")]
    public async Task Reading_an_unknown_or_hostile_notification_is_a_404(string path)
    {
        using var response = await Host.Http.PostAsync(path, null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [HostTheory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("A/../../B")]
    [InlineData("x%00y")]
    public async Task A_hostile_account_id_lists_nothing_and_writes_nothing(string account)
    {
        using var list = await Host.Http.GetAsync($"api/accounts/{Uri.EscapeDataString(account)}/comms");
        Assert.True(list.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{list.StatusCode}");

        using var put = await Host.Http.PutAsJsonAsync($"api/accounts/{Uri.EscapeDataString(account)}/profile", new { name = "Mallory" });
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
    }

    [HostTheory]
    [InlineData("this is not json")]
    [InlineData("{\"eventId\": \"E1\"")]
    [InlineData("{\"eventId\": \"WE-BAD\", \"whenToCreate\": \"onCreate\", \"accountId\": \"A\", \"commsType\": \"InvoiceReady\", \"channel\": \"telegram\"}")]
    [InlineData("W3sibm90IjogImFuIG9iamVjdCJ9XQ==")]
    public async Task An_unreadable_queue_message_starts_nothing_and_is_kept_as_rejected(string text)
    {
        var marker = Guid.NewGuid().ToString("N");
        var message = text.StartsWith('{') ? text.Replace("\"E1\"", $"\"{marker}\"", StringComparison.Ordinal).Replace("WE-BAD", marker, StringComparison.Ordinal) : text + " " + marker;
        if (text.EndsWith("==", StringComparison.Ordinal))
        {
            // Valid base64 of a JSON array: readable, but not a workflow event.
            message = Convert.ToBase64String(Encoding.UTF8.GetBytes($"[{{\"marker\": \"{marker}\"}}]"));
        }

        var queue = new QueueClient(fixture.Azurite.ConnectionString, "workflow-events");
        await queue.CreateIfNotExistsAsync();
        var sent = await queue.SendMessageAsync(message);

        var rejected = await Eventually.Get(
            async () =>
            {
                var page = await Host.Http.GetFromJsonAsync<JsonElement>("api/rejected?pageSize=100");
                return page.GetProperty("items").EnumerateArray().Where(r => r.GetProperty("rawText").GetString() == message).Select(r => (JsonElement?)r.Clone()).FirstOrDefault();
            },
            TimeSpan.FromSeconds(30),
            "the rejected record");

        Assert.Equal(sent.Value.MessageId, rejected!.Value.GetProperty("id").GetString());
        Assert.False(string.IsNullOrWhiteSpace(rejected.Value.GetProperty("reason").GetString()));
        await Eventually.True(async () => (await queue.PeekMessagesAsync(32)).Value.All(m => m.MessageId != sent.Value.MessageId), TimeSpan.FromSeconds(30), "the message to leave the queue");
        await AssertNothingWritten($"we-{marker}-oncreate");
    }

    private async Task<HttpResponseMessage> PostRaw(string body) =>
        await Host.Http.PostAsync("api/comms", new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task AssertNothingWritten(string requestId)
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Http.GetAsync($"api/comms/{requestId}")).StatusCode);
        var tables = new TableServiceClient(fixture.Azurite.ConnectionString);
        Assert.Equal(0, await CountAsync(tables.GetTableClient("CommsRequests"), requestId));
        Assert.Equal(0, await CountAsync(tables.GetTableClient(fixture.TaskHub + "Instances"), requestId));
    }

    private static async Task<int> CountAsync(TableClient table, string partitionKey)
    {
        var count = 0;
        try
        {
            await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == partitionKey))
            {
                count++;
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // No table yet: nothing in it.
        }

        return count;
    }

    [Collection(ServerCollection.Name)]
    public sealed class OnServer(CommsFixture.OnServer fixture) : BadInputTests(fixture);

    [Collection(FunctionsCollection.Name)]
    public sealed class OnFunctions(CommsFixture.OnFunctions fixture) : BadInputTests(fixture);
}
