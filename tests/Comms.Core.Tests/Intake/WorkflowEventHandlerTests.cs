using System.Text;
using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Comms.Testing;
using Moq;

namespace Comms.Core.Tests.Intake;

/// <summary>The workflow-events queue message, as both hosts hand it over: started, duplicate, rejected, or poisoned.</summary>
public class WorkflowEventHandlerTests
{
    private const string Event = """{"eventId":"E-1","whenToCreate":"onCreate","accountId":"ACC-1","commsType":"InvoiceReady","channel":"online"}""";
    private readonly Mock<IRequestStore> requests = new();
    private readonly Mock<IStatusHistory> history = new();
    private readonly Mock<IRejectedStore> rejected = new();
    private readonly Mock<IWorkflowClient> workflow = new();
    private readonly List<RejectedMessage> kept = [];

    public WorkflowEventHandlerTests()
    {
        rejected.Setup(r => r.AddAsync(It.IsAny<RejectedMessage>(), It.IsAny<CancellationToken>())).Callback((RejectedMessage m, CancellationToken _) => kept.Add(m)).Returns(Task.CompletedTask);
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((RequestHeader h, CancellationToken _) => (true, h));
    }

    private WorkflowEventHandler Handler => new(new CommsIntake(requests.Object, history.Object, Templates.Sets, Mock.Of<IBusinessKeys>(), Mock.Of<ICancellationKeys>(), Mock.Of<ISearchIndex>(), TimeProvider.System), new Comms.Core.Batches.BatchIntake(Mock.Of<IBatchStore>(), Mock.Of<IBatchFiles>(), TimeProvider.System), rejected.Object, TimeProvider.System);

    [Theory]
    [InlineData(Event)]
    [InlineData("base64")]
    public async Task An_event_as_json_or_base64_starts_the_request_under_its_derived_id(string text)
    {
        text = text == "base64" ? Convert.ToBase64String(Encoding.UTF8.GetBytes(Event)) : text;

        var disposition = await Handler.HandleAsync(text, "m-1", workflow.Object);

        Assert.Equal(WorkflowEventDisposition.Started, disposition);
        workflow.Verify(w => w.EnsureStartedAsync(It.Is<CommsRequest>(r => r.RequestId == RequestIds.FromWorkflowEvent("E-1", "onCreate")), It.IsAny<CancellationToken>()));
        Assert.Empty(kept);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("""{"eventId":"E-1"}""")]
    [InlineData("""[{"eventId":"E-1"}]""")]
    public async Task An_unreadable_message_starts_nothing_and_is_kept_with_its_reason_and_text(string text)
    {
        var disposition = await Handler.HandleAsync(text, "m-2", workflow.Object);

        Assert.Equal(WorkflowEventDisposition.Rejected, disposition);
        var message = Assert.Single(kept);
        Assert.Equal(("m-2", WorkflowEventHandler.RejectedSource, text), (message.Id, message.Source, message.RawText));
        Assert.StartsWith("Invalid workflow event", message.Reason, StringComparison.Ordinal);
        workflow.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task An_event_of_a_comms_type_without_templates_is_kept_as_rejected_and_starts_nothing()
    {
        var text = Event.Replace("InvoiceReady", Templates.UnknownCommsType, StringComparison.Ordinal);

        var disposition = await Handler.HandleAsync(text, "m-4", workflow.Object);

        Assert.Equal(WorkflowEventDisposition.Rejected, disposition);
        Assert.Contains("commsType", Assert.Single(kept).Reason, StringComparison.Ordinal);
        requests.Verify(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>()), Times.Never);
        workflow.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task A_poisoned_message_is_kept_with_the_hosts_reason_and_its_text()
    {
        await Handler.RecordPoisonAsync(Event, "m-3", "storage kept failing (after 5 attempts)");

        var message = Assert.Single(kept);
        Assert.Equal("m-3", message.Id);
        Assert.Equal(Event, message.RawText);
        Assert.Contains("workflow-events-poison", message.Reason, StringComparison.Ordinal);
        Assert.Contains("storage kept failing", message.Reason, StringComparison.Ordinal);
    }
}
