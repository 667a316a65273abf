using System.Text;
using Comms.Core.Activities;
using Comms.Core.Batches;
using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Testing;
using Microsoft.Extensions.Options;
using Moq;

namespace Comms.Core.Tests.Batches;

/// <summary>A chunk starts its items through the intake, and cancels them instead once the batch is cancelled.</summary>
public class StartBatchChunkTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly Mock<IBatchStore> batches = new();
    private readonly Mock<IBatchFiles> files = new();
    private readonly Mock<IRequestStore> requests = new();
    private readonly Mock<ISendLedger> ledger = new();
    private readonly Mock<IWorkflowClient> workflow = new();

    public StartBatchChunkTests()
    {
        var lines = string.Join('\n', Enumerable.Range(0, 3).Select(i => CommsJson.Serialize(
            new CommsRequest(RequestIds.BatchItem("run-1", $"k{i}"), "A", "InvoiceReady", Channel.Email, new CommsTarget(Email: "a@example.com"), null, null, null, CommsSource.Batch))));
        files.Setup(f => f.GetChunkAsync("run-1", 0, It.IsAny<CancellationToken>())).ReturnsAsync(Encoding.UTF8.GetBytes(lines));
        requests.Setup(r => r.CreateAsync(It.IsAny<RequestHeader>(), It.IsAny<CancellationToken>())).ReturnsAsync((RequestHeader h, CancellationToken _) => (true, h));
        batches.Setup(b => b.GetItemAsync("run-1", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string b, string k, CancellationToken _) => new BatchItem(b, 1, k, RequestIds.BatchItem(b, k), Channel.Email, CommsStatus.Received, false, null, T0));
        requests.Setup(r => r.AdvanceStatusAsync(It.IsAny<string>(), It.IsAny<CommsStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<string?>(), It.IsAny<IReadOnlyList<DocumentRef>?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StatusAdvance(true, null));
        ledger.Setup(l => l.CancelAsync(It.IsAny<string>(), "send-email", It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>())).ReturnsAsync(true);
    }

    private StartBatchChunkActivity Activity()
    {
        var recorder = new StatusRecorder(Mock.Of<IStatusHistory>(), requests.Object, Mock.Of<IStatusCallbacks>(), batches.Object, new Comms.Testing.Fakes.MemoryConsentStore(), Mock.Of<IDetailStore>(), Mock.Of<ISearchIndex>());
        var intake = new CommsIntake(requests.Object, Mock.Of<IStatusHistory>(), Templates.Sets, Mock.Of<IBusinessKeys>(), Mock.Of<ICancellationKeys>(), Mock.Of<ISearchIndex>(), TimeProvider.System);
        var cancellations = new Cancellations(requests.Object, batches.Object, ledger.Object, Mock.Of<ICancellationKeys>(), recorder, TimeProvider.System);
        return new StartBatchChunkActivity(batches.Object, files.Object, intake, cancellations, Options.Create(new BatchOptions()), TimeProvider.System);
    }

    [Fact]
    public async Task A_chunk_starts_each_of_its_requests()
    {
        batches.Setup(b => b.GetAsync("run-1", It.IsAny<CancellationToken>())).ReturnsAsync(new BatchHeader("run-1", "f", BatchSource.Inline, null, "{}", T0, Prepared: true));

        Assert.Equal(3, await Activity().RunAsync(new BatchChunk("run-1", 0), workflow.Object));
        workflow.Verify(w => w.EnsureStartedAsync(It.IsAny<CommsRequest>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
    }

    [Fact]
    public async Task A_chunk_of_a_cancelled_batch_cancels_its_items_and_starts_none()
    {
        batches.Setup(b => b.GetAsync("run-1", It.IsAny<CancellationToken>())).ReturnsAsync(new BatchHeader("run-1", "f", BatchSource.Inline, null, "{}", T0, Prepared: true, CancelledAt: T0));

        Assert.Equal(0, await Activity().RunAsync(new BatchChunk("run-1", 0), workflow.Object));
        workflow.VerifyNoOtherCalls();
        ledger.Verify(l => l.CancelAsync(It.IsAny<string>(), "send-email", It.IsAny<DateTimeOffset>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
        batches.Verify(b => b.AdvanceItemAsync("run-1", It.IsAny<string>(), CommsStatus.Cancelled, true, It.IsAny<DateTimeOffset>(), It.IsAny<string?>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Exactly(3));
    }
}
