using System.Text.RegularExpressions;
using Comms.Testing;

namespace Comms.Deployment.Tests;

/// <summary>The repository is the truth: what docs and comments point at exists in it.</summary>
public partial class DocsTests
{
    [Fact]
    public void Every_file_docs_architecture_md_names_exists()
    {
        var text = File.ReadAllText(RepositoryRoot.File("docs", "architecture.md"));
        var files = Directory.GetFiles(RepositoryRoot.File("src"), "*", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(RepositoryRoot.File("tests"), "*", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(RepositoryRoot.Path, f).Replace('\\', '/'))
            .ToList();

        var missing = FileName().Matches(text).Select(m => m.Groups[1].Value)
            .Where(name => !name.Contains('{', StringComparison.Ordinal) && !name.Contains('*', StringComparison.Ordinal))
            .Where(name => !File.Exists(RepositoryRoot.File(name)) && !files.Any(f => f.EndsWith("/" + name, StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Comments_in_src_cite_only_documents_of_the_repository()
    {
        var cited = Directory.GetFiles(RepositoryRoot.File("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Document().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Document: m.Value)))
            .ToList();

        Assert.DoesNotContain(cited, c => !File.Exists(RepositoryRoot.File(c.Document.Split('/'))) && !File.Exists(RepositoryRoot.File("docs", c.Document)));
    }

    [GeneratedRegex(@"`([A-Za-z0-9_./]+\.(?:cs|md|json|yaml))`")]
    private static partial Regex FileName();

    [GeneratedRegex(@"\b[A-Za-z/._-]*[A-Z][A-Za-z-]*\.md\b|\bdocs/[a-z-]+\.md\b")]
    private static partial Regex Document();
}
