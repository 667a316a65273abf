using Azure.Storage.Queues;
using Comms.Core.Hosting;
using Comms.Server.Queues;
using Comms.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// Comms.Server's own queue listener on a real Azurite, as both its queues (workflow-events, status-callbacks) use it:
/// a handled message is deleted; one whose handling keeps failing is moved to the poison queue after
/// MaxDequeueCount attempts and recorded, with its text, so that nothing is lost silently.
/// </summary>
public sealed class QueuePollerTests
{
    [Fact]
    public async Task A_message_that_keeps_failing_moves_to_the_poison_queue_and_is_recorded_and_a_good_one_is_deleted()
    {
        await using var azurite = await Azurite.StartAsync();
        var queues = new QueueServiceClient(azurite.ConnectionString);
        var name = "poller-" + Guid.NewGuid().ToString("N")[..8];
        var binding = new QueueBinding("Test", name, "TestPoison", name + "-poison");
        var options = Options.Create(new QueueListenerOptions { MaxDequeueCount = 2, RetryDelay = TimeSpan.Zero, MaxPollingInterval = TimeSpan.FromMilliseconds(200) });
        using var poller = new FailingPoller(queues, options, binding);
        await queues.GetQueueClient(name).CreateIfNotExistsAsync();
        await queues.GetQueueClient(name).SendMessageAsync("bad message");
        await queues.GetQueueClient(name).SendMessageAsync("good message");

        await poller.StartAsync(CancellationToken.None);
        try
        {
            var recorded = (await Eventually.Get(() => Task.FromResult(poller.FirstPoisoned()), TimeSpan.FromSeconds(60), "the failing message to be recorded as poisoned"))!.Value;
            Assert.Equal("bad message", recorded.Text);
            Assert.Contains("after 2 attempts", recorded.Reason, StringComparison.Ordinal);
            var poison = await Eventually.Get(
                async () => (await queues.GetQueueClient(binding.PoisonQueueName).PeekMessagesAsync(10)).Value is { Length: > 0 } m ? m : null,
                TimeSpan.FromSeconds(30),
                "the poison queue to hold the message");
            Assert.Equal("bad message", Assert.Single(poison).Body.ToString());
            await Eventually.True(async () => (await queues.GetQueueClient(name).PeekMessagesAsync(10)).Value.Length == 0, TimeSpan.FromSeconds(30), "the queue to be empty");
            Assert.Equal(["good message"], poller.Handled.Distinct());
            Assert.Equal(2, poller.Attempts("bad message"));
        }
        finally
        {
            await poller.StopAsync(CancellationToken.None);
        }
    }

    private sealed class FailingPoller(QueueServiceClient queues, IOptions<QueueListenerOptions> options, QueueBinding binding)
        : QueuePoller(queues, options, NullLogger.Instance)
    {
        private readonly List<string> attempts = [];

        public List<string> Handled { get; } = [];

        private readonly List<(string Text, string Reason)> poisoned = [];

        public (string Text, string Reason)? FirstPoisoned()
        {
            lock (poisoned)
            {
                return poisoned.Count > 0 ? poisoned[0] : null;
            }
        }

        protected override QueueBinding Binding => binding;

        public int Attempts(string text)
        {
            lock (attempts)
            {
                return attempts.Count(a => a == text);
            }
        }

        protected override Task HandleAsync(string text, string messageId, CancellationToken cancellationToken)
        {
            lock (attempts)
            {
                attempts.Add(text);
            }

            if (text.StartsWith("bad", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("storage kept failing");
            }

            lock (Handled)
            {
                Handled.Add(text);
            }

            return Task.CompletedTask;
        }

        protected override Task RecordPoisonAsync(string text, string messageId, string reason, CancellationToken cancellationToken)
        {
            lock (poisoned)
            {
                poisoned.Add((text, reason));
            }

            return Task.CompletedTask;
        }
    }
}
