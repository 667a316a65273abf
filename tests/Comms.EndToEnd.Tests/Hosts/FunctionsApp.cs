using System.Reflection;
using Comms.Testing;

namespace Comms.EndToEnd.Tests.Hosts;

/// <summary>
/// The real Azure Functions host and the published Comms.Functions it runs. The host's <c>start</c> script is named by
/// <c>COMMS_FUNCTIONS_HOST</c>, or found at <c>../shared/functions-host/start</c> beside the repository; the app is
/// published once per test run (<c>dotnet publish --no-build</c> of this build's configuration).
/// </summary>
public static class FunctionsApp
{
    public const string HostVariable = "COMMS_FUNCTIONS_HOST";

    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The host's start script, or null when this machine has none.</summary>
    public static string? StartScriptOrNull { get; } = Find();

    public static string StartScript => StartScriptOrNull ?? throw new InvalidOperationException(UnavailableReason);

    /// <summary>Why the Functions-host tests are skipped on this machine; null when they run.</summary>
    public static string? UnavailableReason => StartScriptOrNull is null
        ? $"No Azure Functions host: set {HostVariable} to its start script (see README, Tests); none at ../shared/functions-host/start."
        : null;

    public static string PublishedDirectory => Published.Value;

    private static string? Find()
    {
        var named = Environment.GetEnvironmentVariable(HostVariable);
        if (!string.IsNullOrEmpty(named))
        {
            return File.Exists(named) ? Path.GetFullPath(named) : throw new FileNotFoundException($"{HostVariable} names no file.", named);
        }

        var beside = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "functions-host", "start"));
        return File.Exists(beside) ? beside : null;
    }

    private static string Publish()
    {
        var configuration = typeof(FunctionsApp).Assembly.GetCustomAttributes<AssemblyConfigurationAttribute>().Single().Configuration;
        var output = Path.Combine(RepositoryRoot.Path, ".local", "functions-app", configuration);
        DotnetCli.RunAsync(
            TimeSpan.FromMinutes(3),
            "publish", RepositoryRoot.File("src", "Comms.Functions", "Comms.Functions.csproj"), "-c", configuration, "--no-build", "-o", output, "-nologo", "-v", "quiet")
            .GetAwaiter().GetResult();
        return output;
    }
}
