using Comms.Infrastructure.Pdf;
using Microsoft.Extensions.Logging.Abstractions;

namespace Comms.Infrastructure.Tests.Pdf;

/// <summary>One warm Chromium for a test class, as the app has one.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public ChromiumPdfRenderer Renderer { get; private set; } = null!;

    public static ChromiumPdfRenderer Create(TimeSpan timeout, int pages = 2) =>
        new(Microsoft.Extensions.Options.Options.Create(new ChromiumOptions { Timeout = timeout, MaxConcurrentPages = pages }), NullLogger<ChromiumPdfRenderer>.Instance);

    public Task InitializeAsync()
    {
        Renderer = Create(TimeSpan.FromSeconds(60));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Renderer.DisposeAsync();
}
