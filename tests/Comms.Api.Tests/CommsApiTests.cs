using System.Text;
using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Microsoft.AspNetCore.Http;
using Comms.Testing;
using Moq;

namespace Comms.Api.Tests;

/// <summary>The submit and read handlers both hosts bind, without a host: bad input is a clear error and writes nothing.</summary>
public class CommsApiTests
{
    private readonly Mock<IRequestStore> requests = new();
    private readonly Mock<IStatusHistory> history = new();
    private readonly Mock<IWorkflowClient> workflow = new();

    public CommsApiTests() =>
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((RequestHeader h, CancellationToken _) => (true, h));

    private CommsApi Api => ApiUnderTest.Create(requests.Object, history.Object);

    private static HttpRequest Post(string body) => ApiUnderTest.Post(body);

    private static int StatusOf(IResult result) => Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode ?? 200;

    [Fact]
    public async Task A_valid_submission_is_accepted_recorded_and_started()
    {
        var result = await Api.SubmitAsync(Post("""{"requestId":"r-1","accountId":"A","commsType":"InvoiceReady","channel":"online"}"""), workflow.Object);

        Assert.Equal(StatusCodes.Status202Accepted, StatusOf(result));
        requests.Verify(r => r.CreateAsync(It.Is<RequestHeader>(h => h.RequestId == "r-1"), It.IsAny<CancellationToken>()));
        workflow.Verify(w => w.EnsureStartedAsync(It.Is<CommsRequest>(r => r.RequestId == "r-1"), It.IsAny<CancellationToken>()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"requestId":"r-1","accountId":"A","commsType":"InvoiceReady","channel":"carrierPigeon"}""")]
    [InlineData("""{"requestId":"a/b","accountId":"A","commsType":"InvoiceReady","channel":"online"}""")]
    public async Task A_bad_submission_is_a_400_and_writes_and_starts_nothing(string body)
    {
        var result = await Api.SubmitAsync(Post(body), workflow.Object);

        Assert.Equal(StatusCodes.Status400BadRequest, StatusOf(result));
        requests.VerifyNoOtherCalls();
        workflow.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_comms_type_without_templates_is_a_400_naming_it_and_writes_nothing()
    {
        var result = await Api.SubmitAsync(Post($$"""{"requestId":"r-1","accountId":"A","commsType":"{{Templates.UnknownCommsType}}","channel":"email"}"""), workflow.Object);

        var problem = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(result);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        Assert.Contains("commsType", Assert.IsType<HttpValidationProblemDetails>(problem.ProblemDetails).Errors.Keys);
        requests.VerifyNoOtherCalls();
        workflow.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_oversized_submission_is_a_413_and_writes_nothing()
    {
        var result = await Api.SubmitAsync(Post(new string(' ', CommsApi.MaxSubmitBytes + 1)), workflow.Object);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, StatusOf(result));
        requests.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("../etc")]
    public async Task An_unknown_or_hostile_request_id_is_a_404(string requestId)
    {
        var result = await Api.GetAsync(requestId);

        Assert.Equal(StatusCodes.Status404NotFound, StatusOf(result));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?status=sent")]
    [InlineData("?status=failed&from=yesterday")]
    [InlineData("?status=failed&from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z")]
    [InlineData("?status=failed&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z")]
    [InlineData("?status=failed&from=0001-01-01T00:00:00Z")]
    [InlineData("?status=failed&pageSize=0")]
    [InlineData("?status=%00%ED%A0%80&from=%EF%BF%BF")]
    public async Task A_bad_status_query_is_a_400_and_reads_nothing(string query)
    {
        var result = await Api.ListByStatusAsync(ApiUnderTest.Get(query));

        Assert.Equal(StatusCodes.Status400BadRequest, StatusOf(result));
        requests.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_failed_list_defaults_to_the_last_day()
    {
        requests.Setup(r => r.ListByStatusAsync(CommsStatus.Failed, It.IsAny<DateTimeOffset>(), It.IsAny<DateTimeOffset>(), 20, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new Page<RequestHeader>([], null));

        var result = await Api.ListByStatusAsync(ApiUnderTest.Get("?status=failed"));

        Assert.Equal(StatusCodes.Status200OK, StatusOf(result));
        requests.Verify(r => r.ListByStatusAsync(CommsStatus.Failed, It.Is<DateTimeOffset>(f => f > DateTimeOffset.UtcNow.AddDays(-1).AddMinutes(-1)), It.Is<DateTimeOffset>(t => t > DateTimeOffset.UtcNow.AddMinutes(-1)), 20, null, It.IsAny<CancellationToken>()));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    public async Task A_resend_of_an_impossible_id_is_a_404_and_starts_nothing(string id)
    {
        var result = await Api.ResendAsync(id, ApiUnderTest.Post(""), workflow.Object);

        Assert.Equal(StatusCodes.Status404NotFound, StatusOf(result));
        workflow.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(CommsStatus.Processing)]
    [InlineData(CommsStatus.Sent)]
    [InlineData(CommsStatus.Delivered)]
    public async Task Only_a_failed_or_undeliverable_request_is_resent(CommsStatus status)
    {
        requests.Setup(r => r.GetAsync("r-9", It.IsAny<CancellationToken>())).ReturnsAsync(Header("r-9", status));

        var result = await Api.ResendAsync("r-9", ApiUnderTest.Post(""), workflow.Object);

        Assert.Equal(StatusCodes.Status409Conflict, StatusOf(result));
        workflow.VerifyNoOtherCalls();
        requests.Verify(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_failed_request_is_resent_from_its_original_input_under_a_linked_id()
    {
        var original = new CommsRequest("r-8", "A", "InvoiceReady", Channel.Online, null, null, null, DateTimeOffset.UtcNow.AddDays(1), CommsSource.Api);
        requests.Setup(r => r.GetAsync("r-8", It.IsAny<CancellationToken>())).ReturnsAsync(Header("r-8", CommsStatus.Failed));
        workflow.Setup(w => w.GetRequestAsync("r-8", It.IsAny<CancellationToken>())).ReturnsAsync(original);

        var result = await Api.ResendAsync("r-8", ApiUnderTest.Post(""), workflow.Object);

        Assert.Equal(StatusCodes.Status202Accepted, StatusOf(result));
        requests.Verify(r => r.CreateAsync(It.Is<RequestHeader>(h => h.RequestId == "r-8:resend" && h.ResendOf == "r-8"), It.IsAny<CancellationToken>()));
        var resend = original with { RequestId = "r-8:resend", SendAt = null };
        workflow.Verify(w => w.EnsureStartedAsync(resend, It.IsAny<CancellationToken>()));
        requests.Verify(r => r.LinkResendAsync("r-8", "r-8:resend", It.IsAny<CancellationToken>()));
    }

    [Fact]
    public void A_resend_id_stays_within_the_id_rules()
    {
        var longest = new string('x', 100);

        Assert.Equal("r-1:resend", RequestIds.Resend("r-1"));
        Assert.True(RequestIds.IsValid(RequestIds.Resend(longest)));
        Assert.StartsWith("resend:", RequestIds.Resend(longest));
        Assert.Equal(RequestIds.Resend(longest), RequestIds.Resend(longest));
    }

    private static RequestHeader Header(string id, CommsStatus status) =>
        new(id, "A", "InvoiceReady", Channel.Online, CommsSource.Api, status, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, "fp", true, null, []);

    [Fact]
    public async Task A_profiles_time_zone_preferred_channel_and_fields_are_stored_and_shown()
    {
        var profiles = new Mock<IProfileStore>();
        AccountProfile? stored = null;
        profiles.Setup(p => p.PutAsync(It.IsAny<AccountProfile>(), It.IsAny<CancellationToken>())).Callback((AccountProfile p, CancellationToken _) => stored = p);
        profiles.Setup(p => p.GetAsync("ACC-1", It.IsAny<CancellationToken>())).ReturnsAsync(() => stored);
        var api = ApiUnderTest.Create(requests.Object, history.Object, profiles.Object);

        var put = await api.PutProfileAsync("ACC-1", Post("""{"email":"ada@example.com","timeZone":"Europe/London","preferredChannel":"sms","fields":{"tariff":"Green"}}"""));
        var get = await api.GetProfileAsync("ACC-1");

        Assert.Equal(StatusCodes.Status200OK, StatusOf(put));
        Assert.Equal("Europe/London", stored?.TimeZone);
        Assert.Equal(Channel.Sms, stored?.PreferredChannel);
        var view = System.Text.Json.JsonSerializer.Serialize(Assert.IsAssignableFrom<IValueHttpResult>(get).Value, Comms.Core.Text.CommsJson.Options);
        Assert.Contains("\"timeZone\":\"Europe/London\"", view, StringComparison.Ordinal);
        Assert.Contains("\"preferredChannel\":\"sms\"", view, StringComparison.Ordinal);
        Assert.Contains("\"fields\":{\"tariff\":\"Green\"}", view, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"timeZone":"Europe/Atlantis"}""", "timeZone")]
    [InlineData("""{"preferredChannel":"fax"}""", "preferredChannel")]
    [InlineData("""{"fields":[1,2]}""", "fields")]
    public async Task A_profile_with_a_bad_new_field_is_a_400_naming_it_and_writes_nothing(string body, string field)
    {
        var profiles = new Mock<IProfileStore>();
        var api = ApiUnderTest.Create(requests.Object, history.Object, profiles.Object);

        var result = await api.PutProfileAsync("ACC-1", Post(body));

        var problem = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(result);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        var errors = Assert.IsType<HttpValidationProblemDetails>(problem.ProblemDetails).Errors;
        Assert.Equal([field], errors.Keys);
        profiles.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_profile_with_32_KB_of_fields_fits_the_body_limit()
    {
        var profiles = new Mock<IProfileStore>();
        var api = ApiUnderTest.Create(requests.Object, history.Object, profiles.Object);
        var value = new string('x', SubmissionParser.MaxProfileFieldsBytes - """{"a":""}""".Length);

        var result = await api.PutProfileAsync("ACC-1", Post($$$"""{"name":"Ada","fields":{"a":"{{{value}}}"}}"""));

        Assert.Equal(StatusCodes.Status200OK, StatusOf(result));
        profiles.Verify(p => p.PutAsync(It.Is<AccountProfile>(x => x.Fields != null), It.IsAny<CancellationToken>()));
    }
}
