using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

// Usage: dotnet run --project bench/Comms.LoadDriver -c Release -- --url http://127.0.0.1:7071 --key KEY --count 100 [--channel email]
// Submits --count requests at once, then polls each until it is sent (or delivered), and prints the
// submit → sent latency of each request as the server recorded it (history "received" → "sent").
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

var run = Guid.NewGuid().ToString("N")[..8];
var clock = Stopwatch.StartNew();
var ids = await Task.WhenAll(Enumerable.Range(0, options.Count).Select(async i =>
{
    var id = $"load-{run}-{i:D5}";
    using var response = await http.PostAsJsonAsync("api/comms", new
    {
        requestId = id,
        accountId = $"ACC-LOAD-{run}",
        commsType = "InvoiceReady",
        channel = options.Channel,
        target = new { name = "Load Test", email = $"{id}@example.com", phone = "+447700900123", installationId = $"device-{i}", externalSystem = "crm" },
        data = new { invoiceNumber = $"INV-{i}", amountDue = 10 + i, dueDate = "2026-12-01" },
    });
    response.EnsureSuccessStatusCode();
    return id;
}));
var submitted = clock.Elapsed;

var latencies = new List<double>();
var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
var pending = new HashSet<string>(ids);
while (pending.Count > 0 && DateTime.UtcNow < deadline)
{
    foreach (var id in pending.ToList())
    {
        var view = await http.GetFromJsonAsync<JsonElement>($"api/comms/{id}");
        var history = view.GetProperty("history").EnumerateArray().ToList();
        var sent = history.FirstOrDefault(h => h.GetProperty("status").GetString() == "sent");
        if (view.GetProperty("status").GetString() == "failed")
        {
            Console.Error.WriteLine($"{id} failed: {view.GetProperty("failureReason")}");
            pending.Remove(id);
        }
        else if (sent.ValueKind == JsonValueKind.Object)
        {
            var received = history.First(h => h.GetProperty("status").GetString() == "received").GetProperty("at").GetDateTimeOffset();
            latencies.Add((sent.GetProperty("at").GetDateTimeOffset() - received).TotalMilliseconds);
            pending.Remove(id);
        }
    }

    if (pending.Count > 0)
    {
        await Task.Delay(200);
    }
}

var total = clock.Elapsed;
latencies.Sort();
double P(double q) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{options.Count} × {options.Channel}: submitted in {submitted.TotalSeconds:0.00} s, all sent after {total.TotalSeconds:0.00} s " +
    $"({latencies.Count / total.TotalSeconds:0.0}/s); submit→sent p50 {P(0.5):0} ms, p95 {P(0.95):0} ms, max {P(1):0} ms; unfinished {pending.Count}"));
return pending.Count == 0 ? 0 : 1;

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

internal sealed record Args(string Url, string Key, int Count, string Channel, int Batch, string Storage, int Minutes, string StorageLog, string TaskHub, string MailDev, int Idle)
{
    public static Args Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new Args(
            Get("url", "http://127.0.0.1:7071"),
            Get("key", File.Exists(".local/api-key") ? File.ReadAllText(".local/api-key").Trim() : ""),
            int.Parse(Get("count", "1"), CultureInfo.InvariantCulture),
            Get("channel", "email"),
            int.Parse(Get("batch", "0"), CultureInfo.InvariantCulture),
            Get("storage", Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? "UseDevelopmentStorage=true"),
            int.Parse(Get("minutes", "90"), CultureInfo.InvariantCulture),
            Get("storage-log", ""),
            Get("taskhub", "CommsHub"),
            Get("maildev", "http://127.0.0.1:1080"),
            int.Parse(Get("idle", "30"), CultureInfo.InvariantCulture));
    }
}
