using System.Globalization;
using Comms.EndToEnd.Tests.Hosts;
using Comms.Testing;
using Xunit.Abstractions;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// Issue 15: the storage requests of a plain e-mail (SMTP, no batch, chain, rate limit or consent rule), counted from
/// Azurite's debug log on each host (<see cref="AzuriteRequestLog"/>, <see cref="StorageCountRun"/>), must not grow
/// past the figure docs/performance.md gives ("Storage operations per e-mail"). Polling (dequeues that found nothing,
/// lease renewals) is left out by name, not subtracted by time, so a slow machine does not change the count; what is
/// left varies only with how many messages one dequeue happens to take (<see cref="Tolerance"/>).
/// </summary>
public abstract class StorageOperationsTests(HostKind kind, ITestOutputHelper output)
{
    /// <summary>Storage requests per e-mail on Comms.Server, polling left out (docs/performance.md).</summary>
    public const double ServerPerEmail = 40;

    /// <summary>The same on Comms.Functions on the Functions host.</summary>
    public const double FunctionsPerEmail = 40;

    /// <summary>
    /// Allowed above the documented figure: dequeues take several messages at once when they are there, so a run on a
    /// busy machine takes fewer dequeues than one on an idle machine and the figure moves by a few either way.
    /// </summary>
    public const double Tolerance = 0.10;

    private const int Emails = 10;

    [HostFact]
    public async Task A_plain_email_takes_no_more_storage_requests_than_documented()
    {
        var folder = Directory.CreateTempSubdirectory("comms-storage-count-").FullName;
        try
        {
            await CountAsync(Path.Combine(folder, "azurite-debug.log"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task CountAsync(string logFile)
    {
        await using var azurite = await Azurite.StartAsync(debugLog: logFile);
        var mailDev = await MailDev.SharedAsync();
        var taskHub = "count" + Guid.NewGuid().ToString("N")[..8];
        await using var host = CommsHost.Create(kind, CommsFixture.Settings(azurite, mailDev, taskHub));
        await host.StartAsync();

        var log = new AzuriteRequestLog(logFile, taskHub);
        var result = await StorageCountRun.RunAsync(
            host.Http,
            log,
            async () => [.. (await mailDev.MessagesAsync()).SelectMany(m => m.To)],
            Emails,
            idle: TimeSpan.Zero,
            patience: TimeSpan.FromMinutes(3));
        output.WriteLine($"{kind}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {File.ReadAllText("/proc/loadavg").Trim()}");
        output.WriteLine(result.Report());

        var documented = kind == HostKind.Server ? ServerPerEmail : FunctionsPerEmail;
        var ceiling = documented * (1 + Tolerance);
        Assert.True(
            result.Work.Total <= ceiling,
            string.Create(CultureInfo.InvariantCulture, $"{result.Work.Total:0.0} storage requests per e-mail on {kind}, more than the documented {documented} (+{Tolerance:P0}):\n{result.Report()}"));
        Assert.DoesNotContain(result.Work.Requests, r => r.Operation == "unknown");
    }

    public sealed class OnServer(ITestOutputHelper output) : StorageOperationsTests(HostKind.Server, output);

    public sealed class OnFunctions(ITestOutputHelper output) : StorageOperationsTests(HostKind.Functions, output);
}
