using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using RazorLight.Razor;

namespace Comms.Infrastructure.Rendering;

/// <summary>
/// The templates RazorLight compiles: the embedded ones by their resource keys (layouts included), and the files of
/// template versions under <c>@{hash of path and text}/{path}</c>, so a key always names the same text and the engine's
/// cache of compiled templates can never serve an older text for it.
/// </summary>
internal sealed class VersionedRazorProject(EmbeddedRazorProject embedded) : RazorLightProject
{
    private readonly ConcurrentDictionary<string, string> files = new(StringComparer.Ordinal);

    /// <summary>Makes a version's file known and returns its key.</summary>
    public string Add(string path, string text)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path + "\n" + text)))[..24];
        var key = $"@{hash}/{path}";
        files.TryAdd(key, text);
        return key;
    }

    public override Task<RazorLightProjectItem> GetItemAsync(string templateKey) =>
        IsVersioned(templateKey)
            ? Task.FromResult<RazorLightProjectItem>(files.TryGetValue(templateKey.TrimStart('/'), out var text) ? new TextSourceRazorProjectItem(templateKey, text) : new Missing(templateKey))
            : embedded.GetItemAsync(templateKey);

    public override Task<IEnumerable<RazorLightProjectItem>> GetImportsAsync(string templateKey) =>
        IsVersioned(templateKey) ? Task.FromResult(Enumerable.Empty<RazorLightProjectItem>()) : embedded.GetImportsAsync(templateKey);

    public override Task<IEnumerable<string>> GetKnownKeysAsync() => embedded.GetKnownKeysAsync();

    private static bool IsVersioned(string key) => key.TrimStart('/').StartsWith('@');

    private sealed class Missing(string key) : RazorLightProjectItem
    {
        public override string Key => key;

        public override bool Exists => false;

        public override Stream Read() => throw new FileNotFoundException($"There is no template '{key}'.");
    }
}
