using Comms.Core.Batches;
using Microsoft.DurableTask;
using Moq;

namespace Comms.Core.Tests.Batches;

/// <summary>The batch orchestration: prepare once, chunks at bounded concurrency, generations of bounded history, then watch.</summary>
public class BatchWorkflowTests
{
    private static readonly DateTime Now = new(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);
    private readonly Mock<TaskOrchestrationContext> context = new() { CallBase = true };
    private readonly List<(string Name, object? Input)> calls = [];
    private readonly List<TaskCompletionSource<int>> chunks = [];
    private BatchInput? continued;

    public BatchWorkflowTests()
    {
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        context.Setup(c => c.CallActivityAsync<BatchPlan>(It.Is<TaskName>(n => n.Name == BatchNames.Prepare), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName n, object? i, TaskOptions? _) => calls.Add((n.Name, i)))
            .ReturnsAsync(new BatchPlan(250));
        context.Setup(c => c.CallActivityAsync<int>(It.Is<TaskName>(n => n.Name == BatchNames.StartChunk), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName n, object? i, TaskOptions? _) => calls.Add((n.Name, i)))
            .Returns(() => Task.FromResult(10));
        context.Setup(c => c.CallActivityAsync<BatchProgress>(It.Is<TaskName>(n => n.Name == BatchNames.Check), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Callback((TaskName n, object? i, TaskOptions? _) => calls.Add((n.Name, i)))
            .ReturnsAsync(new BatchProgress(true));
        context.Setup(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>())).Callback((object? i, bool _) => continued = (BatchInput?)i);
    }

    private static BatchInput Input => new("run-1", 4, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), TimeSpan.FromDays(1));

    [Fact]
    public async Task The_first_generation_prepares_starts_100_chunks_in_order_and_continues_from_the_next()
    {
        await BatchWorkflow.RunAsync(context.Object, Input);

        Assert.Equal(BatchNames.Prepare, calls[0].Name);
        Assert.Equal(Enumerable.Range(0, 100), calls.Skip(1).Select(c => ((BatchChunk)c.Input!).Index));
        Assert.Equal(Input with { Chunks = 250, NextChunk = 100 }, continued);
    }

    [Fact]
    public async Task The_last_generation_starts_the_rest_without_preparing_again_and_watches_until_complete()
    {
        await BatchWorkflow.RunAsync(context.Object, Input with { Chunks = 250, NextChunk = 200 });

        Assert.Equal(Enumerable.Range(200, 50), calls.Where(c => c.Name == BatchNames.StartChunk).Select(c => ((BatchChunk)c.Input!).Index));
        Assert.DoesNotContain(calls, c => c.Name == BatchNames.Prepare);
        Assert.Equal(BatchNames.Check, calls[^1].Name);
        Assert.Null(continued);
    }

    [Fact]
    public async Task No_more_chunks_run_at_once_than_the_concurrency()
    {
        var running = 0;
        var most = 0;
        var gate = new object();
        context.Setup(c => c.CallActivityAsync<int>(It.Is<TaskName>(n => n.Name == BatchNames.StartChunk), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(() =>
            {
                var chunk = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (gate)
                {
                    most = Math.Max(most, ++running);
                    chunks.Add(chunk);
                }

                return chunk.Task;
            });

        var run = BatchWorkflow.RunAsync(context.Object, Input with { Chunks = 10 });
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!run.IsCompleted && DateTime.UtcNow < deadline)
        {
            TaskCompletionSource<int>? next;
            lock (gate)
            {
                next = chunks.FirstOrDefault(c => !c.Task.IsCompleted);
                if (next is not null)
                {
                    running--;
                }
            }

            next?.SetResult(1);
            await Task.Delay(1);
        }

        await run;
        Assert.Equal(10, chunks.Count);
        Assert.Equal(4, most);
    }
}
