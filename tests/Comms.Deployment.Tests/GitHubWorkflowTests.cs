using System.Text.RegularExpressions;
using Comms.Testing;

namespace Comms.Deployment.Tests;

/// <summary>The GitHub Actions workflows: every action pinned by commit, and the steps the issue asks for there.</summary>
public sealed partial class GitHubWorkflowTests
{
    public static TheoryData<string> Workflows => new() { "ci.yml", "azure-dev.yml" };

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Every_action_is_pinned_by_a_full_commit_sha(string workflow)
    {
        var uses = Uses().Matches(File.ReadAllText(Workflow(workflow))).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(uses);
        Assert.All(uses, action => Assert.Matches(@"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+@[0-9a-f]{40}$", action));
    }

    [Fact]
    public void Ci_runs_the_test_script_and_the_Bicep_build_and_lint()
    {
        var ci = File.ReadAllText(Workflow("ci.yml"));

        Assert.Contains("./scripts/test.sh", ci, StringComparison.Ordinal);
        Assert.Contains("build infra/main.bicep", ci, StringComparison.Ordinal);
        Assert.Contains("lint infra/main.bicep", ci, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_dev_signs_in_with_OIDC_and_provisions_then_deploys()
    {
        var deploy = File.ReadAllText(Workflow("azure-dev.yml"));

        Assert.Contains("id-token: write", deploy, StringComparison.Ordinal);
        Assert.DoesNotContain("client-secret", deploy, StringComparison.Ordinal);
        Assert.True(
            deploy.IndexOf("azd provision", StringComparison.Ordinal) is var provision and > 0
            && deploy.IndexOf("azd deploy", StringComparison.Ordinal) > provision,
            "azure-dev.yml must run azd provision, then azd deploy.");
    }

    private static string Workflow(string name) => RepositoryRoot.File(".github", "workflows", name);

    [GeneratedRegex(@"^\s*(?:-\s*)?uses:\s*([^\s#]+)", RegexOptions.Multiline)]
    private static partial Regex Uses();
}
