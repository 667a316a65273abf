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
}
