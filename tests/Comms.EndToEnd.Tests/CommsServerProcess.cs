using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Comms.Testing;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// Comms.Server as a real process (the built dll run with dotnet), so that tests can kill it hard and start it
/// again on the same storage, as a crash would.
/// </summary>
public sealed class CommsServerProcess : IAsyncDisposable
{
    public const string ApiKey = "e2e-test-key";
    private readonly Dictionary<string, string> environment;
    private readonly StringBuilder output = new();
    private Process? process;

    public CommsServerProcess(IDictionary<string, string> environment)
    {
        this.environment = new Dictionary<string, string>(environment);
        Port = FreePort.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("x-functions-key", ApiKey);
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client that sends the API key.</summary>
    public HttpClient Http { get; }

    public string Output
    {
        get { lock (output) { return output.ToString(); } }
    }

    public static string ServerDll()
    {
        // The test project references Comms.Server, so it is built in the same configuration beside its sources.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryRoot.Path, "src", "Comms.Server", "bin", configuration, "net10.0", "Comms.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Comms.Server is not built.", dll);
    }

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet", [ServerDll(), "--urls", BaseAddress.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ServerDll())!,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Comms__Server__ApiKeys__0"] = ApiKey;
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();

        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.True(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Comms.Server exited with {process.ExitCode}:\n{Output}");
                }

                using var response = await probe.GetAsync("api/health");
                return response.StatusCode == HttpStatusCode.OK;
            },
            TimeSpan.FromSeconds(90),
            "Comms.Server to report healthy");
    }

    /// <summary>Kills the process at once, as a crash would: no graceful shutdown.</summary>
    public void Kill()
    {
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

    /// <summary>Polls <c>GET /api/comms/{id}</c> until <paramref name="done"/>; on timeout, says what the request and the server last showed.</summary>
    private async Task<JsonElement> WaitForViewAsync(string requestId, TimeSpan timeout, Func<JsonElement, bool> done, string what)
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
                $"request {requestId} {what}") ?? default;
        }
        catch (TimeoutException e)
        {
            var output = Output;
            throw new TimeoutException($"{e.Message}\nLast answer: {last}\nServer output (end):\n{output[Math.Max(0, output.Length - 6000)..]}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        process?.Dispose();
        Http.Dispose();
        await Task.CompletedTask;
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
