using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Comms.Testing;

namespace Comms.EndToEnd.Tests.Hosts;

/// <summary>The two faces of Comms: the Azure Functions app on the real Functions host, and Comms.Server.</summary>
public enum HostKind
{
    Server,
    Functions,
}

/// <summary>
/// A running Comms as a real process (its base URL, key, logs), which a test can kill hard and start again on the
/// same storage, as a crash would. <see cref="ServerHost"/> runs Comms.Server; <see cref="FunctionsHost"/> runs the
/// published Comms.Functions on the real Azure Functions host. Both take the same settings (<c>Comms__…</c>, the
/// durable and queue settings under Comms.Server's names; the Functions host gets those as host.json overrides).
/// </summary>
public abstract class CommsHost : IAsyncDisposable
{
    /// <summary>The admin key (<see cref="AdminKeyName"/>) both hosts accept, which <see cref="Http"/> sends: it may call every keyed route.</summary>
    public const string ApiKey = "e2e-admin-key-0123456789";

    /// <summary>A key of the role <c>submit</c> (the billing platform), named <see cref="SubmitKeyName"/>.</summary>
    public const string SubmitKey = "e2e-submit-key-0123456789";

    /// <summary>A key of the role <c>agent</c> (customer service), named <see cref="AgentKeyName"/>.</summary>
    public const string AgentKey = "e2e-agent-key-0123456789";

    public const string AdminKeyName = "ops";
    public const string SubmitKeyName = "billing";
    public const string AgentKeyName = "desk";

    /// <summary>The three keys as both hosts take them (<c>Comms:Keys:{name}:Role</c> and <c>:Secret</c>, README, Keys and roles).</summary>
    public static IReadOnlyDictionary<string, string> KeySettings { get; } = new Dictionary<string, string>
    {
        [$"Comms__Keys__{AdminKeyName}__Role"] = "admin",
        [$"Comms__Keys__{AdminKeyName}__Secret"] = ApiKey,
        [$"Comms__Keys__{SubmitKeyName}__Role"] = "submit",
        [$"Comms__Keys__{SubmitKeyName}__Secret"] = SubmitKey,
        [$"Comms__Keys__{AgentKeyName}__Role"] = "agent",
        [$"Comms__Keys__{AgentKeyName}__Secret"] = AgentKey,
    };

    private readonly StringBuilder output = new();
    private Process? process;
    private bool restartOnExit;
    private volatile bool stopping;

    protected CommsHost(IDictionary<string, string> settings)
    {
        Settings = new Dictionary<string, string>(KeySettings);
        foreach (var (key, value) in settings)
        {
            Settings[key] = value;
        }

        Port = FreePort.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("x-functions-key", ApiKey);
    }

    public abstract HostKind Kind { get; }

    /// <summary>How long a killed host's unfinished work takes to resume, at most, with the test settings.</summary>
    public abstract TimeSpan RecoveryPatience { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client that sends the admin key (<see cref="ApiKey"/>).</summary>
    public HttpClient Http { get; }

    /// <summary>A new client that sends <paramref name="key"/> (none when null); the caller disposes it.</summary>
    public HttpClient ClientWith(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        return client;
    }

    /// <summary>What the process wrote so far (standard output and error).</summary>
    public string Output
    {
        get { lock (output) { return output.ToString(); } }
    }

    protected Dictionary<string, string> Settings { get; }

    public static CommsHost Create(HostKind kind, IDictionary<string, string> settings) => kind switch
    {
        HostKind.Server => new ServerHost(settings),
        HostKind.Functions => new FunctionsHost(settings),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Times the process exited by itself and <see cref="RestartWhenItExits"/> started it again.</summary>
    public int Restarts { get; private set; }

    /// <summary>
    /// From now on, a process that exits by itself is started again on the same port, as Azure restarts a Functions
    /// host that shut itself down (the Functions host does when its storage-queue listeners lose storage).
    /// </summary>
    public void RestartWhenItExits() => restartOnExit = true;

    /// <summary>Starts the process (again, after <see cref="Kill"/>) and waits until <c>GET /api/health</c> answers 200.</summary>
    public async Task StartAsync(bool waitUntilHealthy = true)
    {
        stopping = false;
        var info = StartInfo();
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.Exited += (_, _) =>
        {
            if (restartOnExit && !stopping)
            {
                Restarts++;
                Append($"[test] {Kind} exited by itself; started again, as the platform would.");
                _ = StartAsync(waitUntilHealthy: false);
            }
        };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
        if (!waitUntilHealthy)
        {
            return;
        }

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var started = process;
        try
        {
            await Eventually.True(
                async () =>
                {
                    if (started.HasExited)
                    {
                        throw new InvalidOperationException($"{Kind} exited with {started.ExitCode}.");
                    }

                    using var response = await probe.GetAsync("api/health");
                    return response.StatusCode == HttpStatusCode.OK;
                },
                TimeSpan.FromSeconds(120),
                $"{Kind} to report healthy");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{Tail()}", e);
        }
    }

    /// <summary>Kills the process and its children at once, as a crash would: no graceful shutdown.</summary>
    public void Kill()
    {
        stopping = true;
        try
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public async Task<HttpResponseMessage> SubmitAsync(object body) => await Http.PostAsJsonAsync("api/comms", body);

    public async Task<JsonElement> GetCommsAsync(string requestId)
    {
        using var response = await Http.GetAsync($"api/comms/{requestId}");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
    }

    /// <summary>Waits until the request's current status is one of <paramref name="statuses"/>, and returns its view.</summary>
    public Task<JsonElement> WaitForStatusAsync(string requestId, TimeSpan timeout, params string[] statuses) =>
        WaitForViewAsync(requestId, timeout, view => statuses.Contains(view.GetProperty("status").GetString()), $"to reach {string.Join(" or ", statuses)}");

    /// <summary>Waits until the request's documents are archived, and returns its view.</summary>
    public Task<JsonElement> WaitForDocumentsAsync(string requestId, TimeSpan timeout) =>
        WaitForViewAsync(requestId, timeout, view => view.GetProperty("documents").GetArrayLength() > 0, "to have archived documents");

    /// <summary>The end of the process's output, for a failure message.</summary>
    public string Tail(int characters = 6000)
    {
        var all = Output;
        return $"{Kind} output (end):\n{all[Math.Max(0, all.Length - characters)..]}";
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        process?.Dispose();
        Http.Dispose();
        await DisposeResourcesAsync();
        GC.SuppressFinalize(this);
    }

    protected abstract ProcessStartInfo StartInfo();

    protected virtual ValueTask DisposeResourcesAsync() => ValueTask.CompletedTask;

    /// <summary>Polls <c>GET /api/comms/{id}</c> until <paramref name="done"/>; on timeout, says what the request and the host last showed.</summary>
    public async Task<JsonElement> WaitForViewAsync(string requestId, TimeSpan timeout, Func<JsonElement, bool> done, string what)
    {
        string last = "(no answer)";
        try
        {
            return await Eventually.Get<JsonElement?>(
                async () =>
                {
                    using var response = await Http.GetAsync($"api/comms/{requestId}");
                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    if (!response.IsSuccessStatusCode)
                    {
                        return null;
                    }

                    var view = JsonDocument.Parse(last[4..]).RootElement.Clone();
                    return done(view) ? view : null;
                },
                timeout,
                $"request {requestId} {what} on {Kind}") ?? default;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nLast answer: {last}\n{Tail()}", e);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
