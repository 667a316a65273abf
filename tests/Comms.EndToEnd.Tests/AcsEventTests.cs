using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Comms.Core.Domain;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Infrastructure.Storage;
using static Comms.EndToEnd.Tests.StatusFixtures;

namespace Comms.EndToEnd.Tests;

/// <summary><c>POST /api/events/acs</c> through Comms.Server, with Event Grid's wire format.</summary>
public abstract class AcsEventTests(CommsFixture fixture)
{
    [HostFact]
    public async Task The_subscription_validation_handshake_is_answered_with_the_code()
    {
        var events = new[]
        {
            new
            {
                id = Guid.NewGuid().ToString(),
                topic = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
                subject = "",
                data = new { validationCode = "512d38b6-c7b8-40c8-89fe-f46f9e9622b6", validationUrl = "https://rp-eastus2.eventgrid.azure.net/..." },
                eventType = "Microsoft.EventGrid.SubscriptionValidationEvent",
                eventTime = DateTimeOffset.UtcNow,
                dataVersion = "2",
            },
        };

        using var response = await fixture.Host.Http.PostAsJsonAsync("api/events/acs?code=" + CommsHost.ApiKey, events);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", answer.GetProperty("validationResponse").GetString());
    }

    /// <summary>Elements that are not events, and an id too long to be one, are kept as rejected: the batch is answered, never a 500.</summary>
    [HostFact]
    public async Task Non_objects_and_an_oversized_event_id_in_a_batch_are_kept_as_rejected()
    {
        var longId = "acs-" + new string('x', 70_000);
        var batch = $$$"""[7, "text", null, [], {"id":"{{{longId}}}","eventType":"Microsoft.Communication.SMSDeliveryReportReceived","data":{"messageId":"m","deliveryStatus":"Delivered"}}]""";

        using var response = await fixture.Host.Http.PostAsync("api/events/acs", Json(batch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, answer.GetProperty("kept").GetInt32());
    }

    [HostFact]
    public async Task Without_the_key_an_event_delivery_gets_401()
    {
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.BaseAddress };

        using var response = await anonymous.PostAsync("api/events/acs", Json("[]"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [HostFact]
    public async Task SMS_and_email_delivery_reports_move_the_right_requests_once_and_unknown_messages_are_kept()
    {
        var (sms, smsMessageId) = await SeedSentAsync("acs-sms");
        var (email, emailMessageId) = await SeedSentAsync("acs-email");
        var (bystander, _) = await SeedSentAsync("acs-email");
        var unknownMessageId = "Outgoing_" + Guid.NewGuid().ToString("N");
        var smsEvent = SmsReport(sms, smsMessageId, "Delivered");
        var batch = $"[{smsEvent},{EmailReport(emailMessageId, "Bounced")},{smsEvent},{SmsReport(null, unknownMessageId, "Delivered")}]";

        using var first = await fixture.Host.Http.PostAsync("api/events/acs", Json(batch));
        using var redelivered = await fixture.Host.Http.PostAsync("api/events/acs", Json(batch));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var summary = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, summary.GetProperty("recorded").GetInt32());
        Assert.Equal(1, summary.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, summary.GetProperty("kept").GetInt32());
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);

        var smsView = await fixture.Host.GetCommsAsync(sms);
        Assert.Equal("delivered", smsView.GetProperty("status").GetString());
        var smsRow = Assert.Single(History(smsView, "acs"));
        Assert.Equal(smsMessageId, smsRow.GetProperty("reference").GetString());

        var emailView = await fixture.Host.GetCommsAsync(email);
        Assert.Equal("undeliverable", emailView.GetProperty("status").GetString());
        Assert.Contains("Bounced", emailView.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.Single(History(emailView, "acs"));

        var untouched = await fixture.Host.GetCommsAsync(bystander);
        Assert.Equal("sent", untouched.GetProperty("status").GetString());

        using var rejected = await fixture.Host.Http.GetAsync("api/rejected?pageSize=100");
        var items = (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
        var kept = items.Where(i => i.GetProperty("rawText").GetString()!.Contains(unknownMessageId, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(kept);
        Assert.All(kept, k => Assert.Equal("acs", k.GetProperty("source").GetString()));
    }

    public static TheoryData<string> BadBatches => new() { "", "{}", "not json", """[{"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{}}]""" };

    [HostTheory]
    [MemberData(nameof(BadBatches))]
    public async Task A_delivery_that_is_not_an_Event_Grid_batch_gets_400(string body)
    {
        using var response = await fixture.Host.Http.PostAsync("api/events/acs", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [HostFact]
    public async Task A_batch_over_1_MB_gets_413()
    {
        using var response = await fixture.Host.Http.PostAsync("api/events/acs", Json("[" + new string(' ', 1024 * 1024) + "]"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

        /// <summary>A request at <c>sent</c> whose provider message id is mapped in the send ledger, as an ACS sender leaves it.</summary>
    private async Task<(string RequestId, string MessageId)> SeedSentAsync(string provider)
    {
        var messageId = Guid.NewGuid().ToString();
        var id = await SeedRequestAsync(fixture.Azurite, CommsStatus.Sent, "acs-");
        var ledger = new TableSendLedger(Storage(fixture.Azurite));
        await ledger.ClaimAsync(id, "send", DateTimeOffset.UtcNow);
        await ledger.RecordAcceptedAsync(id, "send", new SendReceipt(provider, messageId, CommsStatus.Sent), DateTimeOffset.UtcNow);
        return (id, messageId);
    }

    // The shapes below follow the Event Grid schema of ACS events: SMS data in PascalCase, e-mail data in camelCase.
    internal static string SmsReport(string? requestId, string messageId, string status) => JsonSerializer.Serialize(new
    {
        id = Guid.NewGuid().ToString(),
        topic = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
        subject = $"/phonenumber/15555555555",
        data = new
        {
            MessageId = messageId,
            From = "15555555555",
            To = "+447700900123",
            DeliveryStatus = status,
            DeliveryStatusDetails = "No error.",
            ReceivedTimestamp = DateTimeOffset.UtcNow,
            Tag = requestId,
        },
        eventType = "Microsoft.Communication.SMSDeliveryReportReceived",
        dataVersion = "1.0",
        metadataVersion = "1",
        eventTime = DateTimeOffset.UtcNow,
    });

    internal static string EmailReport(string messageId, string status) => JsonSerializer.Serialize(new
    {
        id = Guid.NewGuid().ToString(),
        topic = "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Communication/communicationServices/acs",
        subject = $"sender/comms@example.com/message/{messageId}",
        data = new
        {
            sender = "comms@example.com",
            recipient = "ada@example.com",
            messageId,
            status,
            deliveryStatusDetails = new { statusMessage = "550 5.1.1 mailbox unavailable" },
            deliveryAttemptTimestamp = DateTimeOffset.UtcNow,
        },
        eventType = "Microsoft.Communication.EmailDeliveryReportReceived",
        dataVersion = "1.0",
        metadataVersion = "1",
        eventTime = DateTimeOffset.UtcNow,
    });

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Collection(ServerCollection.Name)]
    public sealed class OnServer(CommsFixture.OnServer fixture) : AcsEventTests(fixture);

    [Collection(FunctionsCollection.Name)]
    public sealed class OnFunctions(CommsFixture.OnFunctions fixture) : AcsEventTests(fixture);
}
