using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Comms.Api.Agent;

/// <summary>
/// The agent page (README, The agent page): static HTML, CSS and JavaScript embedded in this assembly
/// (<c>Agent/wwwroot/</c>) and served anonymously by both hosts at <c>/api/agent/</c>. The page holds no data: every
/// data call it makes sends the agent's key. Every answer carries a content security policy that lets the page run
/// only its own script and style, talk only to its own origin, and frame only blob URLs (the letter PDF) and
/// sandboxed <c>srcdoc</c> frames (the e-mails); no other site may frame it.
/// </summary>
public static class AgentPage
{
    /// <summary>Where both hosts serve the page (under <see cref="Core.Hosting.HostBindings.RoutePrefix"/>); the page's own links use it.</summary>
    public const string Path = "/api/agent/";

    /// <summary>
    /// The policy of every answer. An e-mail's <c>srcdoc</c> frame inherits this policy besides its own meta policy,
    /// so the e-mails' inline <c>style</c> attributes need <c>style-src-attr 'unsafe-inline'</c>; the page's own
    /// elements never take style from data (agent.js writes data with textContent only).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "frame-src blob: 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string ResourcePrefix = "Comms.Api.Agent.wwwroot.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    /// <summary>The files, by name, read once from the assembly.</summary>
    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    /// <summary>The file at <paramref name="path"/> (the page itself when empty), or 404; only the embedded files exist.</summary>
    public static IResult Serve(string? path)
    {
        var name = string.IsNullOrEmpty(path) ? "index.html" : path;
        return Files.TryGetValue(name, out var content) && ContentTypes.TryGetValue(System.IO.Path.GetExtension(name), out var contentType)
            ? new AssetResult(content, contentType, StatusCodes.Status200OK)
            : new AssetResult("Not found"u8.ToArray(), "text/plain; charset=utf-8", StatusCodes.Status404NotFound);
    }

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(AgentPage).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[resource[ResourcePrefix.Length..]] = buffer.ToArray();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>A file with the page's security headers; the HTML is never cached (it names the key's storage), the rest revalidated.</summary>
    private sealed class AssetResult(byte[] content, string contentType, int status) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            response.ContentLength = content.Length;
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.XFrameOptions = "DENY";
            response.Headers.CacheControl = contentType.StartsWith("text/html", StringComparison.Ordinal) || status != StatusCodes.Status200OK ? "no-store" : "no-cache";
            return response.Body.WriteAsync(content, httpContext.RequestAborted).AsTask();
        }
    }
}
