namespace Comms.Testing;

/// <summary>The folder holding <c>Comms.sln</c>, found from the test assembly's folder, whatever the current directory.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Comms.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Comms.sln above {AppContext.BaseDirectory}.");
    }
}
