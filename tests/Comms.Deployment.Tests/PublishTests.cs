using System.Reflection;
using Comms.Testing;

namespace Comms.Deployment.Tests;

/// <summary>
/// <c>dotnet publish</c> of Comms.Functions (what <c>azd deploy</c> zips) holds what the Functions host needs and
/// never a developer's <c>local.settings.json</c>.
/// </summary>
public sealed class PublishTests
{
    [Fact]
    public async Task Publish_holds_what_the_host_needs_and_no_local_settings()
    {
        var project = RepositoryRoot.File("src", "Comms.Functions");
        var localSettings = Path.Combine(project, "local.settings.json");
        var created = !File.Exists(localSettings);
        if (created)
        {
            await File.WriteAllTextAsync(localSettings, """{ "IsEncrypted": false, "Values": { "Comms__Probe": "must-not-ship" } }""");
        }

        var output = Directory.CreateTempSubdirectory("comms-publish-");
        try
        {
            // --no-build: the build of this test run already made the output; publishing it must not rebuild.
            var result = await BicepCli.RunAsync("dotnet", "publish", Path.Combine(project, "Comms.Functions.csproj"),
                "-c", Configuration, "--no-build", "-o", output.FullName, "-nologo");
            Assert.True(result.ExitCode == 0, result.ToString());

            Assert.True(File.Exists(Path.Combine(output.FullName, "host.json")), "host.json is missing.");
            Assert.True(File.Exists(Path.Combine(output.FullName, "functions.metadata")), "functions.metadata is missing.");
            Assert.True(File.Exists(Path.Combine(output.FullName, "worker.config.json")), "worker.config.json is missing.");
            Assert.True(File.Exists(Path.Combine(output.FullName, "Comms.Functions.dll")), "Comms.Functions.dll is missing.");
            var extensions = Path.Combine(output.FullName, ".azurefunctions");
            Assert.True(File.Exists(Path.Combine(extensions, "function.deps.json")), ".azurefunctions/function.deps.json is missing.");
            Assert.True(File.Exists(Path.Combine(extensions, "Microsoft.Azure.WebJobs.Extensions.DurableTask.dll")), "The Durable extension is not in .azurefunctions.");
            Assert.Empty(Directory.GetFiles(output.FullName, "local.settings.json", SearchOption.AllDirectories));
            Assert.Equal(
                File.ReadAllText(RepositoryRoot.File("host.json")),
                File.ReadAllText(Path.Combine(output.FullName, "host.json")));
        }
        finally
        {
            output.Delete(recursive: true);
            if (created)
            {
                File.Delete(localSettings);
            }
        }
    }

    private static string Configuration =>
        typeof(PublishTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
}
