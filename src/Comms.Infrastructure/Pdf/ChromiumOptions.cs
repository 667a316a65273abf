namespace Comms.Infrastructure.Pdf;

/// <summary><c>Comms:Pdf</c>: the headless Chromium that prints letters.</summary>
public sealed class ChromiumOptions
{
    public const string Section = "Comms:Pdf";

    /// <summary>The Chromium executable; when unset, <c>chromium</c>, <c>chromium-browser</c> or <c>google-chrome</c> on PATH.</summary>
    public string? ChromiumPath { get; set; }

    /// <summary>How many documents print at once in the one browser.</summary>
    public int MaxConcurrentPages { get; set; } = 2;

    /// <summary>The most pages a letter may have (what one envelope holds at the print house); a longer document fails.</summary>
    public int MaxPages { get; set; } = 100;

    /// <summary>The time one document may take to load and print; beyond it the document fails.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
