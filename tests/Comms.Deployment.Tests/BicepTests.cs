using Comms.Testing;

namespace Comms.Deployment.Tests;

/// <summary>
/// infra/main.bicep and its modules compile and lint with no error and no warning, under infra/bicepconfig.json
/// (the default rules, some raised to errors).
/// </summary>
public sealed class BicepTests
{
    [Fact]
    public async Task Main_template_builds_without_errors_or_warnings()
    {
        var result = await BicepCli.BuildAsync(BicepCli.MainTemplate);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(string.IsNullOrWhiteSpace(result.Errors), result.ToString());
        Assert.StartsWith("{", result.Output.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Main_template_lints_clean()
    {
        var result = await BicepCli.LintAsync(BicepCli.MainTemplate);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(string.IsNullOrWhiteSpace(result.Output + result.Errors), result.ToString());
    }

    /// <summary>The checks above can fail: a template with a finding, under a copy of our configuration, is caught.</summary>
    [Fact]
    public async Task Lint_reports_a_finding_under_the_same_configuration()
    {
        var directory = Directory.CreateTempSubdirectory("comms-bicep-");
        try
        {
            File.Copy(RepositoryRoot.File("infra", "bicepconfig.json"), Path.Combine(directory.FullName, "bicepconfig.json"));
            var probe = Path.Combine(directory.FullName, "probe.bicep");
            await File.WriteAllTextAsync(probe, "param unused string\nparam location string = resourceGroup().location\noutput where string = location\n");

            var result = await BicepCli.LintAsync(probe);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("no-unused-params", result.Output + result.Errors, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
