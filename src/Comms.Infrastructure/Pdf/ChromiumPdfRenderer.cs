using Comms.Core.Text;
using Comms.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace Comms.Infrastructure.Pdf;

/// <summary>
/// Prints HTML to PDF with one headless Chromium kept warm for the life of the process (register it as a singleton).
/// A bounded number of documents print at once, each in a warm page (kept for document after document, each document
/// replacing the whole of the last) with JavaScript off and every request the page makes blocked except inline content,
/// so request data can reach neither the network nor the file system. A page that timed out or failed is closed, not
/// reused; a browser that crashed or hung is closed and launched again for the next document.
/// </summary>
public sealed partial class ChromiumPdfRenderer : IPdfRenderer, IAsyncDisposable, IDisposable
{
    // Without the background-networking flags Chromium's own connections are refused here and slow it down.
    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
    ];

    // Page numbers come from Chromium's footer; its templates need an explicit font size.
    private const string FooterTemplate =
        "<div style=\"width:100%;font-size:8pt;font-family:Helvetica,Arial,sans-serif;color:#555;text-align:center;\">" +
        "Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></div>";

    private readonly ChromiumOptions options;
    private readonly ILogger<ChromiumPdfRenderer> logger;
    private readonly SemaphoreSlim pages;
    private readonly SemaphoreSlim launching = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentQueue<(IBrowser Browser, IPage Page)> idle = new();
    private int pagesOpened;
    private IBrowser? browser;
    private string? userDataDir;
    private bool disposed;

    public ChromiumPdfRenderer(IOptions<ChromiumOptions> options, ILogger<ChromiumPdfRenderer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.logger = logger;
        pages = new SemaphoreSlim(Math.Max(1, this.options.MaxConcurrentPages));
    }

    /// <summary>The running browser's process id (null before the first document): lets tests crash it on purpose.</summary>
    public int? BrowserProcessId => browser?.Process?.Id;

    /// <summary>How many pages this renderer has opened: a page is reused for letter after letter, so this stays at
    /// <see cref="ChromiumOptions.MaxConcurrentPages"/> unless a page had to be replaced (lets tests see the reuse).</summary>
    internal int PagesOpened => pagesOpened;

    public async Task<byte[]> RenderAsync(string html, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        ObjectDisposedException.ThrowIf(disposed, this);
        await pages.WaitAsync(cancellationToken);
        try
        {
            // A browser that died since the last document, or an idle page that did, is noticed on first use: the
            // document is tried once more in a fresh page (and browser), so the letter after a crash still prints.
            for (var attempt = 1; ; attempt++)
            {
                var current = await BrowserAsync(cancellationToken);
                IPage? page = null;
                var reused = false;
                var printed = false;
                try
                {
                    (page, reused) = await PageAsync(current, reuse: attempt == 1);
                    var pdf = await PrintAsync(page, html, setUp: !reused).WaitAsync(options.Timeout, cancellationToken);
                    printed = true;
                    var count = PdfPageCount.Of(pdf);
                    return count <= options.MaxPages
                        ? pdf
                        : throw new PdfRenderException($"The document has {count} pages; a letter may have at most {options.MaxPages} (Comms:Pdf:MaxPages).");
                }
                catch (TimeoutException)
                {
                    LogTimeout(logger, options.Timeout);
                    throw new PdfRenderException($"The document did not print within {options.Timeout.TotalSeconds:0.#} s.");
                }
                catch (PuppeteerException) when (attempt == 1 && !current.IsConnected)
                {
                    LogRelaunch(logger);
                }
                catch (PuppeteerException e) when (attempt == 1 && reused)
                {
                    LogRetryInNewPage(logger, e.Message);
                }
                catch (PuppeteerException e)
                {
                    throw new PdfRenderException($"Chromium could not print the document: {e.Message}", e);
                }
                finally
                {
                    // Only a page that printed its document to the end goes back for the next one (its next document
                    // replaces the whole of this one). A page that timed out, failed or was cancelled may still be
                    // busy with it: it is closed, which stops it; a browser that cannot even do that is replaced.
                    if (printed && page is { IsClosed: false } && current.IsConnected)
                    {
                        idle.Enqueue((current, page));
                    }
                    else if (!current.IsConnected || (page is not null && !await ClosePageAsync(page)))
                    {
                        await RetireAsync(current);
                    }
                }
            }
        }
        finally
        {
            pages.Release();
        }
    }

    /// <summary>An idle page of this browser, else a new one (set up by its first <see cref="PrintAsync"/>).</summary>
    private async Task<(IPage Page, bool Reused)> PageAsync(IBrowser current, bool reuse)
    {
        while (reuse && idle.TryDequeue(out var entry))
        {
            // Pages of a browser since replaced went with it.
            if (entry.Browser == current && !entry.Page.IsClosed)
            {
                return (entry.Page, true);
            }
        }

        var page = await current.NewPageAsync();
        Interlocked.Increment(ref pagesOpened);
        return (page, false);
    }

    /// <summary>For containers disposed synchronously: closes the browser all the same.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (browser is { } current)
        {
            await RetireAsync(current);
        }

        DeleteUserDataDir();
        launching.Dispose();
        pages.Dispose();
    }

    private void DeleteUserDataDir()
    {
        try
        {
            if (userDataDir is not null && Directory.Exists(userDataDir))
            {
                Directory.Delete(userDataDir, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held by a dying browser: the temp directory is cleaned by the system.
        }
    }

    /// <summary>Once per page, within the first document's time: JavaScript off, every request but inline content blocked.</summary>
    private static async Task SetUpAsync(IPage page)
    {
        await page.SetJavaScriptEnabledAsync(false);
        await page.SetRequestInterceptionAsync(true);
        page.Request += async (_, e) =>
        {
            // An event handler: a failure here (the page closing meanwhile) must not escape and end the process.
            try
            {
                var url = e.Request.Url;
                if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || url.Equals("about:blank", StringComparison.OrdinalIgnoreCase))
                {
                    await e.Request.ContinueAsync();
                }
                else
                {
                    await e.Request.AbortAsync(RequestAbortErrorCode.BlockedByClient);
                }
            }
            catch (Exception failure) when (failure is PuppeteerException or InvalidOperationException or ObjectDisposedException)
            {
                // The page is gone or the request already settled; the document fails or prints without it.
            }
        };
    }

    private static async Task<byte[]> PrintAsync(IPage page, string html, bool setUp)
    {
        if (setUp)
        {
            await SetUpAsync(page);
        }

        // document.open() + write + close: the whole document is replaced, the page's settings stay.
        await page.SetContentAsync(html, new SetContentOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = 0 });
        return await page.PdfDataAsync(new PdfOptions
        {
            // The templates' @page size (A4 exactly; PaperFormat.A4 is rounded to 8.27 x 11.7 in), A4 when they set none.
            Format = PaperFormat.A4,
            PreferCSSPageSize = true,
            PrintBackground = true,
            DisplayHeaderFooter = true,
            HeaderTemplate = "<span></span>",
            FooterTemplate = FooterTemplate,

            // The page margins belong to the printer, so that the footer has room; templates place the address within them.
            MarginOptions = new MarginOptions { Top = "15mm", Bottom = "18mm", Left = "20mm", Right = "20mm" },
            Timeout = 0,
        });
    }

    private async Task<IBrowser> BrowserAsync(CancellationToken cancellationToken)
    {
        if (browser is { IsConnected: true } warm)
        {
            return warm;
        }

        await launching.WaitAsync(cancellationToken);
        try
        {
            if (browser is { IsConnected: true } launched)
            {
                return launched;
            }

            if (browser is { } dead)
            {
                LogRelaunch(logger);
                await RetireAsync(dead);
            }

            DeleteUserDataDir();
            userDataDir = Directory.CreateTempSubdirectory("comms-chromium-").FullName;
            try
            {
                browser = await Puppeteer.LaunchAsync(new LaunchOptions
                {
                    ExecutablePath = FindChromium(options.ChromiumPath),
                    Headless = true,
                    Args = Arguments,
                    UserDataDir = userDataDir,
                    Timeout = 60_000,
                });
            }
            catch (Exception e) when (e is PuppeteerException or System.ComponentModel.Win32Exception or IOException)
            {
                throw new PdfRenderException($"Chromium could not be started: {e.Message}", e);
            }

            return browser;
        }
        finally
        {
            launching.Release();
        }
    }

    /// <summary>Closes (or kills) a browser that is no longer to be used, and forgets it.</summary>
    private async Task RetireAsync(IBrowser retired)
    {
        Interlocked.CompareExchange(ref browser, null, retired);
        try
        {
            await retired.CloseAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is PuppeteerException or TimeoutException or InvalidOperationException or IOException)
        {
            LogCloseFailed(logger, e.Message);
        }

        try
        {
            if (retired.Process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }

        await retired.DisposeAsync();
    }

    private async Task<bool> ClosePageAsync(IPage page)
    {
        try
        {
            if (!page.IsClosed)
            {
                await page.CloseAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }

            return true;
        }
        catch (Exception e) when (e is PuppeteerException or TimeoutException or ObjectDisposedException)
        {
            LogCloseFailed(logger, e.Message);
            return false;
        }
    }

    /// <summary>The configured executable, else the first Chromium found on PATH.</summary>
    public static string FindChromium(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new PdfRenderException($"Comms:Pdf:ChromiumPath '{configured}' does not exist.");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in (string[])["chromium", "chromium-browser", "google-chrome"])
            {
                var candidate = Path.Combine(directory, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new PdfRenderException("Chromium was not found on PATH: install it (apt-get install chromium) or set Comms:Pdf:ChromiumPath.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chromium is not connected any more; launching it again.")]
    private static partial void LogRelaunch(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A document failed in a reused page ({Reason}); trying it once more in a new page.")]
    private static partial void LogRetryInNewPage(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A document did not print within {Timeout}; its page is closed.")]
    private static partial void LogTimeout(ILogger logger, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing Chromium or one of its pages failed: {Reason}")]
    private static partial void LogCloseFailed(ILogger logger, string reason);
}
