namespace Comms.Core.Templating;

/// <summary><c>Comms:Templates</c>: the bounds a published version must meet, and how long the active version is cached.</summary>
public sealed class TemplateOptions
{
    public const string Section = "Comms:Templates";

    /// <summary>The most messages one SMS may take with the sample data (a third segment costs a third message).</summary>
    public int MaxSmsSegments { get; set; } = 2;

    /// <summary>The most pages a letter may print to with the sample data.</summary>
    public int MaxLetterPages { get; set; } = 4;

    /// <summary>
    /// How long an instance trusts the active version it read: an activation is seen at once by the instance that made
    /// it, and by every other instance within this time.
    /// </summary>
    public TimeSpan ActiveCacheDuration { get; set; } = TimeSpan.FromSeconds(10);
}
