using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Comms.Testing;

/// <summary>One request Azurite served, as its debug log tells it.</summary>
/// <param name="Service"><c>blob</c>, <c>queue</c> or <c>table</c>.</param>
/// <param name="Operation">A short name of the operation (<see cref="AzuriteRequestLog.ShortName"/>): <c>get</c>, <c>put</c>, <c>query</c>…</param>
/// <param name="Resource">The table, queue or container (for a table batch, the table its first change names).</param>
/// <param name="Owner"><c>engine</c> (the task hub's), <c>host</c> (the Functions host's own) or <c>comms</c>.</param>
/// <param name="Status">The HTTP status it answered (0 when the log did not show it).</param>
/// <param name="Polling">
/// Work that runs whether or not there are requests: a dequeue that found no message, a lease taken or renewed
/// (partition ownership, the host's lock), the task hub's partition rows (table partition management), a queue's
/// length asked for (the Functions host's listeners and scale monitor).
/// </param>
public sealed record StorageRequest(string Service, string Operation, string Resource, string Owner, int Status, bool Polling)
{
    /// <summary>The operation, with the status when it failed (<c>insert 409</c>: a conditional insert that found the row).</summary>
    public string Outcome => Status >= 400 ? $"{Operation} {Status}" : Operation;
}

/// <summary>
/// Reads Azurite's debug log (<c>--debug FILE</c>, <see cref="Azurite.StartAsync"/>): every request is logged over
/// several lines under one context id: <c>{Blob|Queue|Table}StorageContextMiddleware: RequestMethod=… RequestURL=…</c>,
/// <c>DispatchMiddleware: Operation=…</c> and, for a dequeue, the XML of the messages it returned. The log only grows,
/// so a window of time is two lengths of the file (<see cref="Mark"/>).
/// </summary>
public sealed partial class AzuriteRequestLog(string path, string taskHub)
{
    private static readonly Dictionary<string, string> Short = new(StringComparer.Ordinal)
    {
        ["Table_Insert"] = "insert",
        ["Table_InsertEntity"] = "insert",
        ["Table_MergeEntity"] = "merge",
        ["Table_UpdateEntity"] = "update",
        ["Table_DeleteEntity"] = "delete",
        ["Table_QueryEntities"] = "query",
        ["Table_QueryEntitiesWithPartitionAndRowKey"] = "get",
        ["Table_Batch"] = "batch",
        ["Table_Create"] = "create-table",
        ["Table_Query"] = "list-tables",
        ["Messages_Enqueue"] = "put",
        ["Messages_Dequeue"] = "get",
        ["Messages_Peek"] = "peek",
        ["Messages_Clear"] = "clear",
        ["MessageId_Delete"] = "delete",
        ["MessageId_Update"] = "update",
        ["Queue_Create"] = "create-queue",
        ["Queue_GetProperties"] = "properties",
        ["BlockBlob_Upload"] = "put",
        ["BlockBlob_StageBlock"] = "put-block",
        ["BlockBlob_CommitBlockList"] = "put-block-list",
        ["Blob_Download"] = "get",
        ["Blob_GetProperties"] = "head",
        ["Blob_Delete"] = "delete",
        ["Blob_SetMetadata"] = "set-metadata",
        ["Container_Create"] = "create-container",
        ["Container_GetProperties"] = "container-head",
        ["Container_ListBlobFlatSegment"] = "list",
        ["Container_ListBlobHierarchySegment"] = "list",
    };

    public string Path { get; } = path;

    /// <summary>The end of the log now: where a window starts or ends.</summary>
    public long Mark() => File.Exists(Path) ? new FileInfo(Path).Length : 0;

    /// <summary>Azurite's operation name as the tables of docs/performance.md show it.</summary>
    public static string ShortName(string operation) =>
        Short.TryGetValue(operation, out var name) ? name : operation.Contains("Lease", StringComparison.Ordinal) ? "lease" : operation;

    /// <summary>
    /// The requests that began between two marks. The lines after <paramref name="to"/> are read only to finish the
    /// requests that began before it (their operation and reply come later).
    /// </summary>
    public IReadOnlyList<StorageRequest> Read(long from, long to)
    {
        var requests = new Dictionary<string, Pending>(StringComparer.Ordinal);
        var order = new List<Pending>();
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        Pending? last = null;
        var position = from;
        while (reader.ReadLine() is { } line)
        {
            var at = position;
            position += Encoding.UTF8.GetByteCount(line) + 1;
            if (at >= to && (order.TrueForAll(r => r.Done) || at > to + (4 << 20)))
            {
                break;
            }

            var match = LinePattern().Match(line);
            if (!match.Success)
            {
                // A message over several lines (an XML body): it belongs to the line before.
                last?.Text.AppendLine(line);
                continue;
            }

            var context = match.Groups["context"].Value;
            var message = match.Groups["message"].Value;
            last = null;
            if (!requests.TryGetValue(context, out var request))
            {
                var start = StartPattern().Match(message);
                if (!start.Success || at >= to)
                {
                    continue;
                }

                var service = start.Groups["service"].Value switch { "Blob" => "blob", "Queue" => "queue", _ => "table" };
                request = new Pending(service, start.Groups["url"].Value);
                requests[context] = request;
                order.Add(request);
            }

            request.Text.AppendLine(message);
            last = request;
            if (OperationPattern().Match(message) is { Success: true } operation)
            {
                request.Operation = operation.Groups["operation"].Value;
            }
            else if (EndPattern().Match(message) is { Success: true } end)
            {
                request.Status = int.Parse(end.Groups["status"].Value, CultureInfo.InvariantCulture);
                request.Done = true;
            }
        }

        // A request not finished at the end of the log is still being served (a read of a later window takes it).
        return [.. order.Where(r => r.Done).Select(Classify)];
    }

    /// <summary>The requests between two marks that the e-mails caused: <see cref="StorageRequest.Polling"/> left out.</summary>
    public IReadOnlyList<StorageRequest> Work(long from, long to) => [.. Read(from, to).Where(r => !r.Polling)];

    /// <summary>
    /// Waits until the log has shown no work for <paramref name="quiet"/> (the last turns of the orchestrations after
    /// the condition a caller waited on), at most <paramref name="timeout"/>; returns the mark after the last work.
    /// </summary>
    public async Task<long> WaitForQuietAsync(long from, TimeSpan quiet, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var (read, lastWork, since, count) = (from, Mark(), DateTime.UtcNow, 0);
        while (DateTime.UtcNow < deadline)
        {
            // Only what was logged since the last look is read again: the window may hold tens of megabytes.
            var now = Mark();
            var work = Work(read, now).Count;
            read = now;
            if (work > 0)
            {
                (lastWork, since, count) = (now, DateTime.UtcNow, count + work);
            }
            else if (DateTime.UtcNow - since >= quiet)
            {
                return lastWork;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        throw new TimeoutException($"Storage did not go quiet for {quiet.TotalSeconds:0} s within {timeout.TotalSeconds:0} s ({count} requests of work so far).");
    }

    private StorageRequest Classify(Pending request)
    {
        var operation = request.Operation ?? "unknown";
        var resource = Resource(request.Url);
        if (operation == "Table_Batch" && TableInBody().Match(request.Text.ToString()) is { Success: true } inner)
        {
            resource = inner.Groups["table"].Value;
        }

        var owner = resource.StartsWith(taskHub, StringComparison.OrdinalIgnoreCase) ? "engine"
            : resource.StartsWith("azure-webjobs", StringComparison.OrdinalIgnoreCase) || resource.StartsWith("webjobs", StringComparison.OrdinalIgnoreCase) ? "host"
            : "comms";
        var emptyDequeue = operation == "Messages_Dequeue" && !request.Text.ToString().Contains("<MessageId>", StringComparison.Ordinal);
        // The task hub's partitions are owned through blob leases or, with table partition management, rows of its
        // Partitions table renewed every few seconds: either way a clock's work, not a request's.
        var partitions = owner == "engine" && request.Service == "table" && resource.EndsWith("Partitions", StringComparison.OrdinalIgnoreCase);
        // A queue's properties are its length: the Functions host's queue listeners and scale monitor ask for it
        // several times a second, request or not.
        var polling = emptyDequeue || partitions || operation == "Queue_GetProperties" || operation.Contains("Lease", StringComparison.Ordinal);
        return new StorageRequest(request.Service, ShortName(operation), resource, owner, request.Status, polling);
    }

    private static string Resource(string url)
    {
        var path = url.Split('?', 2)[0];
        var marker = path.IndexOf("/devstoreaccount1/", StringComparison.Ordinal);
        var rest = marker < 0 ? path : path[(marker + "/devstoreaccount1/".Length)..];
        var segment = rest.Split('/', 2)[0];
        var paren = segment.IndexOf('(', StringComparison.Ordinal);
        return Uri.UnescapeDataString(paren < 0 ? segment : segment[..paren]);
    }

    [GeneratedRegex(@"^\S+ (?<context>[0-9a-fA-F-]{8,}) \w+: (?<message>.*)$")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"^(?<service>Blob|Queue|Table)StorageContextMiddleware: RequestMethod=\S+ RequestURL=(?<url>\S+)")]
    private static partial Regex StartPattern();

    [GeneratedRegex(@"^DispatchMiddleware: Operation=(?<operation>\w+)")]
    private static partial Regex OperationPattern();

    [GeneratedRegex(@"^(?:EndMiddleware: End response\..* StatusCode=|ErrorMiddleware: Set HTTP code: )(?<status>\d+)")]
    private static partial Regex EndPattern();

    [GeneratedRegex(@"devstoreaccount1/(?<table>[A-Za-z][A-Za-z0-9]*)[\(\s?]")]
    private static partial Regex TableInBody();

    private sealed class Pending(string service, string url)
    {
        public string Service { get; } = service;

        public string Url { get; } = url;

        public string? Operation { get; set; }

        public bool Done { get; set; }

        public int Status { get; set; }

        public StringBuilder Text { get; } = new();
    }
}

/// <summary>Counts of <see cref="StorageRequest"/>s per e-mail, by service, operation and owner, as text for a report.</summary>
public sealed class StorageCounts
{
    private readonly IReadOnlyList<StorageRequest> requests;
    private readonly double per;

    public StorageCounts(IReadOnlyList<StorageRequest> requests, int emails)
    {
        ArgumentNullException.ThrowIfNull(requests);
        this.requests = requests;
        per = Math.Max(1, emails);
    }

    public IReadOnlyList<StorageRequest> Requests => requests;

    public double Total => requests.Count / per;

    public double Of(string service) => requests.Count(r => r.Service == service) / per;

    public double Of(string service, string owner) => requests.Count(r => r.Service == service && r.Owner == owner) / per;

    public double OfOwner(string owner) => requests.Count(r => r.Owner == owner) / per;

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"total {Total:0.0}: blob {Of("blob"):0.0}, queue {Of("queue"):0.0}, table {Of("table"):0.0}"));
        text.AppendLine(Invariant($"  engine {OfOwner("engine"):0.0}, comms {OfOwner("comms"):0.0}, host {OfOwner("host"):0.0}"));
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            var ops = requests.Where(r => r.Service == service).GroupBy(r => r.Outcome).OrderByDescending(g => g.Count())
                .Select(g => Invariant($"{g.Key} {g.Count() / per:0.0#}"));
            text.AppendLine(Invariant($"  {service}: {string.Join(", ", ops)}"));
        }

        text.AppendLine("  by resource:");
        foreach (var group in requests.GroupBy(r => (r.Service, r.Resource, r.Owner)).OrderBy(g => g.Key.Service).ThenByDescending(g => g.Count()))
        {
            var ops = group.GroupBy(r => r.Outcome).OrderByDescending(g => g.Count()).Select(g => Invariant($"{g.Key} {g.Count() / per:0.0#}"));
            text.AppendLine(Invariant($"    {group.Key.Service} {group.Key.Resource} ({group.Key.Owner}) {group.Count() / per:0.0#}: {string.Join(", ", ops)}"));
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
