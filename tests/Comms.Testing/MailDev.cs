using System.Net.Http.Json;
using System.Text.Json;

namespace Comms.Testing;

/// <summary>A real SMTP server with an inbox API (MailDev) on free loopback ports.</summary>
public sealed class MailDev : IAsyncDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static MailDev? shared;
    private readonly ToolProcess process;
    private readonly HttpClient http;

    private MailDev(ToolProcess process, int smtpPort, int webPort)
    {
        this.process = process;
        SmtpPort = smtpPort;
        WebPort = webPort;
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/") };
    }

    public int SmtpPort { get; }

    public int WebPort { get; }

    public static async Task<MailDev> SharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return shared ??= await StartAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task<MailDev> StartAsync()
    {
        int smtp = FreePort.Next(), web = FreePort.Next();
        var process = await ToolProcess.StartAsync("maildev", $"--ip 127.0.0.1 --smtp {smtp} --web {web} --silent", smtp, web);
        return new MailDev(process, smtp, web);
    }

    /// <summary>Every message received so far (MailDev's <c>/email</c> API).</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> MessagesAsync()
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("email"));
        return doc.RootElement.EnumerateArray().Select(ReceivedEmail.Parse).ToList();
    }

    /// <summary>Messages addressed to <paramref name="recipient"/>.</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> MessagesToAsync(string recipient) =>
        (await MessagesAsync()).Where(m => m.To.Contains(recipient, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>The message exactly as the SMTP server received it (RFC 822 source).</summary>
    public Task<byte[]> SourceAsync(string id) => http.GetByteArrayAsync($"email/{Uri.EscapeDataString(id)}/source");

    public ValueTask DisposeAsync()
    {
        http.Dispose();
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed record ReceivedEmail(string Id, string Subject, string Html, string Text, IReadOnlyList<string> To, IReadOnlyList<string> From, IReadOnlyDictionary<string, string> Headers)
{
    internal static ReceivedEmail Parse(JsonElement e)
    {
        static IReadOnlyList<string> Addresses(JsonElement e, string name) =>
            e.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(a => a.GetProperty("address").GetString() ?? "").ToList()
                : [];
        static string Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (e.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in h.EnumerateObject())
            {
                headers[p.Name] = p.Value.ToString();
            }
        }

        return new ReceivedEmail(Str(e, "id"), Str(e, "subject"), Str(e, "html"), Str(e, "text"), Addresses(e, "to"), Addresses(e, "from"), headers);
    }
}
