using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

// Usage: dotnet run --project bench/Comms.LoadDriver -c Release -- --url http://127.0.0.1:7071 --key KEY --count 100 [--channel email]
//   [--parallel 64] [--rate R] [--minutes M] [--result FILE] [--floor]
// Submits --count requests, --parallel at a time (with --rate, at most R a second, each on its turn: a steady load
// instead of one burst), watches them (oldest first) until each is sent (or
// --minutes pass), and prints the throughput and the submit → sent latency of each request as the server recorded it
// (history "received" → "sent"). --floor does the same against a floor app (bench/Comms.Floor: POST api/floor/{id}
// starts one orchestration of four no-op activities). --result FILE also writes the figures as shell variables.
// With --batch N --storage CONNECTION_STRING: one batch of N e-mails as an NDJSON blob in comms-batches; prints the
// time to accept it, to read every item (prepared), the pace each minute, and until every item is sent (at most
// --minutes, default 90).
// With --storage-log AZURITE_DEBUG_LOG --maildev http://127.0.0.1:WEB [--taskhub HUB] [--idle SECONDS]: counts the storage
// requests of --count plain e-mails (SMTP into that MailDev) from Azurite's debug log (bench/count-storage-ops.sh).
var options = Args.Parse(args);
using var http = new HttpClient { BaseAddress = new Uri(options.Url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.Add("x-functions-key", options.Key);
if (options.Batch > 0)
{
    return await BatchRun.RunAsync(http, options);
}

if (options.StorageLog.Length > 0)
{
    return await StorageRun.RunAsync(http, options);
}

return options.Floor ? await CountRun.FloorAsync(http, options) : await CountRun.CommsAsync(http, options);

/// <summary>
/// COUNT requests (or floor orchestrations) submitted --parallel at a time (each retried on a 5xx, 429 or a timeout:
/// a repeated POST with the same id starts nothing twice), then watched until each has finished or the deadline passed.
/// Throughput is finished / (last finished − first submit); p50/p95 are submit → sent as the server recorded them
/// (history "received" → "sent"), or submit → done for the floor.
/// </summary>
internal static class CountRun
{
    private static readonly HashSet<string> Finished = new(StringComparer.Ordinal)
    {
        "sent", "delivered", "read", "failed", "undeliverable", "cancelled", "rejected", "suppressed",
    };

    public static async Task<int> CommsAsync(HttpClient http, Args options)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var account = $"ACC-LOAD-{run}";
        var ids = Enumerable.Range(0, options.Count).Select(i => $"load-{run}-{i:D5}").ToList();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await SubmitAsync(options, ids, (id, i) => http.PostAsJsonAsync("api/comms", new
        {
            requestId = id,
            accountId = account,
            commsType = "InvoiceReady",
            channel = options.Channel,
            target = new { name = "Load Test", email = $"{id}@example.com", phone = "+447700900123", installationId = $"device-{i}", externalSystem = "crm" },
            data = new { invoiceNumber = $"INV-{i}", amountDue = 10 + i, dueDate = "2026-12-01" },
        }));
        var submitted = clock.Elapsed;

        // Requests finish in about the order they were submitted, so each look walks the pending ones oldest first and
        // stops at the fifth that has not finished: about one GET per request over the run, plus five a look.
        var pending = new List<string>(ids);
        var latencies = new List<double>();
        var sentTimes = new List<DateTimeOffset>();
        var failed = 0;
        var deadline = clock.Elapsed + options.Deadline;
        var progress = new ProgressLine(clock);
        while (pending.Count > 0 && clock.Elapsed < deadline)
        {
            var unfinished = 0;
            foreach (var id in pending.ToList())
            {
                // A look can be long when the server is slow to answer (a saturated Azurite): the deadline still holds.
                if (clock.Elapsed >= deadline)
                {
                    break;
                }

                var view = await GetJsonAsync(http, $"api/comms/{id}");
                var history = view.GetProperty("history").EnumerateArray().ToList();
                var sent = history.FirstOrDefault(h => h.GetProperty("status").GetString() == "sent");
                if (sent.ValueKind == JsonValueKind.Object)
                {
                    var received = history.First(h => h.GetProperty("status").GetString() == "received").GetProperty("at").GetDateTimeOffset();
                    var at = sent.GetProperty("at").GetDateTimeOffset();
                    latencies.Add((at - received).TotalMilliseconds);
                    sentTimes.Add(at);
                    pending.Remove(id);
                }
                else if (Finished.Contains(view.GetProperty("status").GetString() ?? ""))
                {
                    failed++;
                    Console.Error.WriteLine($"{id} {view.GetProperty("status")}: {(view.TryGetProperty("failureReason", out var reason) ? reason.ToString() : "")}");
                    pending.Remove(id);
                }
                else if (++unfinished >= 5)
                {
                    break;
                }
            }

            progress.Report(options.Count - pending.Count);
            if (pending.Count > 0)
            {
                await Task.Delay(options.Poll);
            }
        }

        var total = clock.Elapsed;
        var last = sentTimes.Count == 0 ? (DateTimeOffset?)null : sentTimes.Max();
        return Print(options, "sent", submitted, total, started, last, latencies, failed);
    }

    public static async Task<int> FloorAsync(HttpClient http, Args options)
    {
        var prefix = $"floor-{Guid.NewGuid().ToString("N")[..8]}-";
        var ids = Enumerable.Range(0, options.Count).Select(i => $"{prefix}{i:D5}").ToList();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await SubmitAsync(options, ids, (id, _) => http.PostAsync($"api/floor/{id}", null));
        var submitted = clock.Elapsed;

        var deadline = clock.Elapsed + options.Deadline;
        var progress = new ProgressLine(clock);
        JsonElement report;
        while (true)
        {
            report = await GetJsonAsync(http, $"api/floor?prefix={prefix}");
            var done = Property(report, "done").GetInt32();
            progress.Report(done);
            if (done >= options.Count || clock.Elapsed >= deadline)
            {
                break;
            }

            await Task.Delay(options.Poll);
        }

        var total = clock.Elapsed;
        var latencies = Property(report, "latenciesMs").EnumerateArray().Select(l => l.GetDouble()).ToList();
        var lastDone = Property(report, "lastDone");
        return Print(options, "done", submitted, total, started, lastDone.ValueKind == JsonValueKind.String ? lastDone.GetDateTimeOffset() : null, latencies, 0);
    }

    private static async Task SubmitAsync(Args options, List<string> ids, Func<string, int, Task<HttpResponseMessage>> post)
    {
        var indexed = ids.Select((id, i) => (id, i));
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(indexed, new ParallelOptions { MaxDegreeOfParallelism = options.Parallel }, async (item, _) =>
        {
            if (options.Rate > 0 && TimeSpan.FromSeconds(item.i / options.Rate) - clock.Elapsed is { Ticks: > 0 } early)
            {
                await Task.Delay(early);
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var response = await post(item.id, item.i);
                    if ((int)response.StatusCode < 500 && (int)response.StatusCode != 429)
                    {
                        response.EnsureSuccessStatusCode();
                        return;
                    }

                    if (attempt >= 10)
                    {
                        response.EnsureSuccessStatusCode();
                    }
                }
                catch (Exception e) when (attempt < 10 && e is HttpRequestException or TaskCanceledException)
                {
                }

                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
            }
        });
    }

    /// <summary>A property by name in any case (the floor apps' JSON is camelCase or PascalCase by host).</summary>
    private static JsonElement Property(JsonElement element, string name) =>
        element.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string url)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await http.GetFromJsonAsync<JsonElement>(url);
            }
            catch (Exception e) when (attempt < 10 && e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)));
            }
        }
    }

    private static int Print(Args options, string what, TimeSpan submitted, TimeSpan total, DateTimeOffset started, DateTimeOffset? last, List<double> latencies, int failed)
    {
        latencies.Sort();
        double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        var span = last is null ? total : last.Value - started;
        var rate = latencies.Count / Math.Max(span.TotalSeconds, 0.001);
        var unfinished = options.Count - latencies.Count - failed;
        var kind = options.Floor ? "floor orchestrations (4 no-op activities)" : options.Channel;
        var end = unfinished == 0
            ? FormattableString.Invariant($"all {what} after {span.TotalSeconds:0.00} s")
            : FormattableString.Invariant($"stopped after {total.TotalSeconds:0} s with {latencies.Count} {what}, the last at {span.TotalSeconds:0.00} s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Count} × {kind}: submitted in {submitted.TotalSeconds:0.00} s, {end} ({rate:0.00}/s); " +
            $"submit→{what} p50 {P(0.5):0} ms, p95 {P(0.95):0} ms, max {P(1):0} ms; failed {failed}, unfinished {unfinished}"));
        if (options.Result is not null)
        {
            File.WriteAllText(options.Result, string.Create(CultureInfo.InvariantCulture,
                $"rate={rate:0.00}\nspan={span.TotalSeconds:0.0}\nsubmitted={submitted.TotalSeconds:0.0}\ndone={latencies.Count}\np50={P(0.5) / 1000:0.0}\np95={P(0.95) / 1000:0.0}\nmax={P(1) / 1000:0.0}\nfailed={failed}\nunfinished={unfinished}\n"));
        }

        return unfinished == 0 && failed == 0 ? 0 : 1;
    }

    /// <summary>One line a minute on long runs.</summary>
    private sealed class ProgressLine(Stopwatch clock)
    {
        private TimeSpan next = TimeSpan.FromMinutes(1);

        public void Report(int done)
        {
            if (clock.Elapsed >= next)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  after {clock.Elapsed.TotalMinutes:0} min: {done} finished ({done / clock.Elapsed.TotalSeconds:0.00}/s so far)"));
                next = TimeSpan.FromMinutes(Math.Floor(clock.Elapsed.TotalMinutes) + 1);
            }
        }
    }
}

internal static class BatchRun
{
    public static async Task<int> RunAsync(HttpClient http, Args options)
    {
        var batchId = "bench-" + Guid.NewGuid().ToString("N")[..12];
        var lines = string.Join('\n', Enumerable.Range(0, options.Batch).Select(i => JsonSerializer.Serialize(new
        {
            itemKey = $"INV-{i:D6}",
            accountId = $"ACC-{i % 5000:D4}",
            target = new { name = "Load Test", email = $"{batchId}-{i}@example.com" },
            data = new { invoiceNumber = $"INV-{i:D6}", amountDue = 10 + (i % 90), dueDate = "2026-12-01" },
        })));
        var container = new Azure.Storage.Blobs.BlobServiceClient(options.Storage).GetBlobContainerClient("comms-batches");
        await container.CreateIfNotExistsAsync();
        await container.UploadBlobAsync($"{batchId}.ndjson", BinaryData.FromString(lines + "\n"));

        var clock = Stopwatch.StartNew();
        using (var submit = await http.PostAsJsonAsync("api/batches", new { batchId, defaults = new { commsType = "InvoiceReady", channel = options.Channel }, itemsBlob = $"{batchId}.ndjson" }))
        {
            submit.EnsureSuccessStatusCode();
        }

        var accepted = clock.Elapsed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch {batchId} of {options.Batch} × {options.Channel}: accepted in {accepted.TotalSeconds:0.00} s"));
        TimeSpan? prepared = null;
        var deadline = clock.Elapsed + TimeSpan.FromMinutes(options.Minutes);
        var nextReport = TimeSpan.FromMinutes(1);
        var done = 0;
        JsonElement view = default;
        while (clock.Elapsed < deadline)
        {
            view = await http.GetFromJsonAsync<JsonElement>($"api/batches/{batchId}");
            if (prepared is null && view.GetProperty("prepared").GetBoolean())
            {
                prepared = clock.Elapsed;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"every line read after {prepared.Value.TotalSeconds:0.0} s"));
            }

            var counts = view.GetProperty("counts");
            int C(string s) => counts.GetProperty(s).GetInt32();
            done = C("sent") + C("delivered") + C("read") + C("failed") + C("undeliverable") + C("rejected");
            if (clock.Elapsed >= nextReport)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  after {clock.Elapsed.TotalMinutes:0} min: {done} sent ({done / clock.Elapsed.TotalSeconds:0.00}/s so far)"));
                nextReport += TimeSpan.FromMinutes(1);
            }

            if (prepared is not null && done >= view.GetProperty("accepted").GetInt32())
            {
                break;
            }

            await Task.Delay(1000);
        }

        var total = clock.Elapsed;
        var finished = prepared is not null && done >= view.GetProperty("accepted").GetInt32();
        var end = finished ? FormattableString.Invariant($"all sent after {total.TotalSeconds:0.0} s") : FormattableString.Invariant($"stopped after {total.TotalMinutes:0} min with {done} sent");
        Console.WriteLine(FormattableString.Invariant(
            $"batch of {options.Batch} × {options.Channel}: accepted in {accepted.TotalSeconds:0.00} s, every line read after {prepared?.TotalSeconds ?? double.NaN:0.0} s, {end} ({done / total.TotalSeconds:0.00}/s); failed {view.GetProperty("counts").GetProperty("failed").GetInt32()}, invalid {view.GetProperty("counts").GetProperty("invalid").GetInt32()}"));
        return finished ? 0 : 1;
    }
}

internal static class StorageRun
{
    public static async Task<int> RunAsync(HttpClient http, Args options)
    {
        using var mailDev = new HttpClient { BaseAddress = new Uri(options.MailDev.TrimEnd('/') + "/") };
        async Task<IReadOnlyCollection<string>> Recipients()
        {
            using var doc = JsonDocument.Parse(await mailDev.GetStringAsync("email"));
            return doc.RootElement.EnumerateArray()
                .SelectMany(m => m.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString() ?? ""))
                .ToList();
        }

        var log = new Comms.Testing.AzuriteRequestLog(options.StorageLog, options.TaskHub);
        var result = await Comms.Testing.StorageCountRun.RunAsync(http, log, Recipients, options.Count, TimeSpan.FromSeconds(options.Idle), TimeSpan.FromMinutes(5));
        Console.WriteLine(result.Report());
        return 0;
    }
}

internal sealed record Args(string Url, string Key, int Count, string Channel, int Batch, string Storage, int Minutes, bool Floor, int Parallel, string? Result, string StorageLog, string TaskHub, string MailDev, int Idle, double Rate = 0)
{
    /// <summary>How long a count run is watched: --minutes, or at least 10 minutes and a minute for every 60 requests.</summary>
    public TimeSpan Deadline => TimeSpan.FromMinutes(Minutes > 0 ? Minutes : Math.Max(10, Count / 60));

    /// <summary>Between two looks at a count run: 0.5 s, 1 s from 1,000 requests.</summary>
    public TimeSpan Poll => TimeSpan.FromSeconds(Count >= 1000 ? 1 : 0.5);

    public static Args Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var batch = int.Parse(Get("batch", "0"), CultureInfo.InvariantCulture);
        return new Args(
            Get("url", "http://127.0.0.1:7071"),
            Get("key", File.Exists(".local/api-key") ? File.ReadAllText(".local/api-key").Trim() : ""),
            int.Parse(Get("count", "1"), CultureInfo.InvariantCulture),
            Get("channel", "email"),
            batch,
            Get("storage", Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? "UseDevelopmentStorage=true"),
            int.Parse(Get("minutes", batch > 0 ? "90" : "0"), CultureInfo.InvariantCulture),
            args.Contains("--floor"),
            int.Parse(Get("parallel", "64"), CultureInfo.InvariantCulture),
            Get("result", "") is { Length: > 0 } result ? result : null,
            Get("storage-log", ""),
            Get("taskhub", "CommsHub"),
            Get("maildev", "http://127.0.0.1:1080"),
            int.Parse(Get("idle", "30"), CultureInfo.InvariantCulture),
            double.Parse(Get("rate", "0"), CultureInfo.InvariantCulture));
    }
}
