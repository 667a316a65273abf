using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Comms.Testing;

/// <summary>What <see cref="StorageCountRun"/> measured.</summary>
/// <param name="Emails">E-mails counted (the warm-up one is not).</param>
/// <param name="Work">The requests the e-mails caused (polling left out), per e-mail.</param>
/// <param name="All">Every request in the window, polling included.</param>
/// <param name="Window">From the first submit until storage went quiet.</param>
/// <param name="Idle">Every request in the idle window before the run (empty when none was measured).</param>
/// <param name="IdleLength">How long the idle window was.</param>
public sealed record StorageCountResult(int Emails, StorageCounts Work, IReadOnlyList<StorageRequest> All, TimeSpan Window, IReadOnlyList<StorageRequest> Idle, TimeSpan IdleLength)
{
    /// <summary>Every request of the window less the idle rate times the window, per e-mail, for one service (or all with null): the issue's way of counting.</summary>
    public double IdleSubtracted(string? service)
    {
        bool Of(StorageRequest r) => service is null || r.Service == service;
        var idleRate = IdleLength >= TimeSpan.FromSeconds(1) ? Idle.Count(Of) / IdleLength.TotalSeconds : 0;
        return (All.Count(Of) - (idleRate * Window.TotalSeconds)) / Emails;
    }

    public string Report()
    {
        var text = new StringBuilder();
        string I(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);
        var polling = All.Count(r => r.Polling);
        text.AppendLine(I($"{Emails} e-mails, window {Window.TotalSeconds:0.0} s: {All.Count} storage requests, {polling} of them polling (empty dequeues, queue lengths, leases, partition rows)"));
        if (IdleLength >= TimeSpan.FromSeconds(1))
        {
            text.AppendLine(I($"idle {IdleLength.TotalSeconds:0} s before: {Idle.Count} requests ({Idle.Count / IdleLength.TotalSeconds:0.0}/s), {Idle.Count(r => !r.Polling)} of them not polling"));
            text.AppendLine(I($"per e-mail, idle rate subtracted: total {IdleSubtracted(null):0.0}: blob {IdleSubtracted("blob"):0.0}, queue {IdleSubtracted("queue"):0.0}, table {IdleSubtracted("table"):0.0}"));
        }

        text.AppendLine("per e-mail, polling left out:");
        text.Append(Work);
        return text.ToString();
    }
}

/// <summary>
/// Counts the storage requests of plain e-mails on a running Comms whose Azurite writes <see cref="AzuriteRequestLog"/>:
/// one warm-up e-mail, an optional idle window, then <c>count</c> e-mails submitted at once; the window ends when every
/// e-mail has reached the SMTP server and storage has shown no work for a few seconds (Store's archive and the last
/// orchestration turns). Nothing in the window reads Comms' API (that would be counted): arrival is seen at the SMTP
/// server, and each request's view (sent, documents archived) is checked after the window.
/// </summary>
public static class StorageCountRun
{
    /// <summary>No work for this long ends the window: several of the task hub's longest poll (1 s, HostBindings).</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);

    /// <param name="comms">A client of Comms that sends an admin (or submit and agent) key.</param>
    /// <param name="recipients">The recipients of every e-mail the SMTP server has received.</param>
    public static async Task<StorageCountResult> RunAsync(HttpClient comms, AzuriteRequestLog log, Func<Task<IReadOnlyCollection<string>>> recipients, int count, TimeSpan idle, TimeSpan patience)
    {
        ArgumentNullException.ThrowIfNull(comms);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(recipients);
        var run = Guid.NewGuid().ToString("N")[..8];

        var warm = await SubmitAsync(comms, $"count-{run}-warm", 1);
        await WaitForEmailsAsync(recipients, warm, patience);
        await log.WaitForQuietAsync(log.Mark(), Quiet, patience);
        await CheckAsync(comms, warm, patience);

        var idleStart = log.Mark();
        var clock = Stopwatch.StartNew();
        if (idle > TimeSpan.Zero)
        {
            // A measured window of nothing, not a wait for something: the hosts' polling in it is the figure.
            await Task.Delay(idle);
        }

        var idleLength = clock.Elapsed;
        IReadOnlyList<StorageRequest> idleRequests = idle > TimeSpan.Zero ? log.Read(idleStart, log.Mark()) : [];

        var start = log.Mark();
        clock.Restart();
        var ids = await SubmitAsync(comms, $"count-{run}", count);
        await WaitForEmailsAsync(recipients, ids, patience);
        var end = await log.WaitForQuietAsync(start, Quiet, patience);
        var window = clock.Elapsed - Quiet;

        await CheckAsync(comms, ids, patience);
        var all = log.Read(start, end);
        return new StorageCountResult(count, new StorageCounts([.. all.Where(r => !r.Polling)], count), all, window, idleRequests, idleLength);
    }

    private static async Task<IReadOnlyList<string>> SubmitAsync(HttpClient comms, string prefix, int count) =>
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var id = $"{prefix}-{i:D4}";
            using var response = await comms.PostAsJsonAsync("api/comms", new
            {
                requestId = id,
                accountId = "ACC-" + id,
                commsType = "InvoiceReady",
                channel = "email",
                target = new { name = "Storage Count", email = $"{id}@example.com" },
                data = new { invoiceNumber = $"INV-{i}", amountDue = 10 + i, dueDate = "2026-12-01" },
            });
            if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"Submitting {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            return id;
        }));

    private static Task WaitForEmailsAsync(Func<Task<IReadOnlyCollection<string>>> recipients, IReadOnlyList<string> ids, TimeSpan patience) =>
        Eventually.True(
            async () =>
            {
                var received = (await recipients()).ToHashSet(StringComparer.OrdinalIgnoreCase);
                return ids.All(id => received.Contains($"{id}@example.com"));
            },
            patience,
            $"{ids.Count} e-mails at the SMTP server");

    /// <summary>Each request sent and its documents archived (after the window: these reads are not counted).</summary>
    private static async Task CheckAsync(HttpClient comms, IReadOnlyList<string> ids, TimeSpan patience)
    {
        foreach (var id in ids)
        {
            var view = await comms.GetFromJsonAsync<JsonElement>($"api/comms/{id}");
            var status = view.GetProperty("status").GetString();
            if (status is not ("sent" or "delivered") || view.GetProperty("documents").GetArrayLength() == 0)
            {
                throw new InvalidOperationException(
                    $"{id} was {status} with {view.GetProperty("documents").GetArrayLength()} documents when storage went quiet: the window missed work (patience {patience.TotalSeconds:0} s). {view}");
            }
        }
    }
}
