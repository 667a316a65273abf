using System.Diagnostics;
using System.Reflection;
using Comms.Testing;

namespace Comms.Deployment.Tests;

/// <summary>What one run of a command printed and returned.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Errors}";
}

/// <summary>
/// The Bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64, which this project restores (its folder
/// is in the assembly metadata), and the commands the tests run.
/// </summary>
public static class BicepCli
{
    public static string MainTemplate => RepositoryRoot.File("infra", "main.bicep");

    public static string Executable
    {
        get
        {
            var directory = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "BicepPackageDirectory").Value;
            var path = Path.Combine(directory ?? "", "tools", "bicep");
            Assert.True(File.Exists(path), $"The Bicep CLI is not at {path}: restore tests/Comms.Deployment.Tests.");
            return path;
        }
    }

    public static Task<CommandResult> BuildAsync(string template) => RunAsync(Executable, "build", template, "--stdout");

    public static Task<CommandResult> LintAsync(string template) => RunAsync(Executable, "lint", template);

    /// <summary>Runs a command to its end (at most 5 minutes: builds share two cores with other work).</summary>
    public static async Task<CommandResult> RunAsync(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // No telemetry, no update checks: the machine has no way out.
        info.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} ran for more than 5 minutes.");
        }

        return new CommandResult(process.ExitCode, await output, await errors);
    }
}
