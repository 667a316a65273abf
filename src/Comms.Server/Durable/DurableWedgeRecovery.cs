using System.Threading.Channels;
using Comms.Core.Telemetry;

namespace Comms.Server.Durable;

/// <summary>
/// Watches the durable backend's log for the one sign of its known wedge after a storage outage, and restarts the
/// sidecar when it appears (docs/architecture.md, When storage is down). DurableTask.AzureStorage keeps each activity
/// message it is running in an in-memory table and takes it out only after completing or abandoning the message in
/// storage; when storage refuses that, the entry stays. Once storage is back the message is received again, found
/// in the table, logged as <c>Internal assert failure: Work item queue message … is being processed multiple times
/// concurrently</c> and dropped, every time, so the request waits for good. Only a new backend (a new table) frees it.
/// </summary>
public sealed class DurableWedgeWatch : ILoggerProvider, ILogger
{
    /// <summary>The text of the assertion that marks a leaked activity message.</summary>
    public const string Sign = "is being processed multiple times concurrently";

    private readonly Channel<string> signals = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>True while the sidecar is being restarted: health answers 503.</summary>
    public bool Recovering { get; internal set; }

    internal ChannelReader<string> Signals => signals.Reader;

    public ILogger CreateLogger(string categoryName) =>
        categoryName.StartsWith("DurableTask", StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (eventId.Name == "AssertFailure" && formatter(state, exception) is { } message && message.Contains(Sign, StringComparison.Ordinal))
        {
            signals.Writer.TryWrite(message);
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public void Dispose() => signals.Writer.TryComplete();
}

/// <summary>Restarts the durable sidecar (a new backend over the same task hub) each time <see cref="DurableWedgeWatch"/> sees the wedge.</summary>
public sealed class DurableWedgeRecovery(DurableWedgeWatch watch, DurableSidecar sidecar, ILogger<DurableWedgeRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var sign in watch.Signals.ReadAllAsync(stoppingToken))
        {
            watch.Recovering = true;
            try
            {
                logger.LogWarning("The durable backend dropped a work item it wrongly believes is running ({Sign}); restarting the durable sidecar to free it.", sign);
                await sidecar.RestartAsync(stoppingToken);
                CommsTelemetry.DurableRecoveries.Add(1);
                logger.LogWarning("The durable sidecar restarted; dropped work items run again.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Restarting the durable sidecar failed; the next sign of the wedge tries again.");
            }
            finally
            {
                // Signs the old backend logged while it stopped are answered by this restart.
                while (watch.Signals.TryRead(out _))
                {
                }

                watch.Recovering = false;
            }
        }
    }
}
