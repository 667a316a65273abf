namespace Comms.Core.Templating;

/// <summary>One channel of a version rendered in one locale with the sample data, as validation saw it.</summary>
/// <param name="Locale">The locale folder (<c>cy</c>, <c>cy-GB</c>), or <c>default</c>.</param>
/// <param name="Segments">For SMS: how many messages the text takes.</param>
/// <param name="Encoding">For SMS: gsm7 or ucs2.</param>
/// <param name="Pages">For a letter: the PDF's pages.</param>
public sealed record TemplateCheck(string Channel, string Locale, int? Segments = null, string? Encoding = null, int? Pages = null);

/// <summary>Why a file of a version was refused: the file's path, its line when known, and the reason.</summary>
public sealed record TemplateProblem(string File, int? Line, string Reason);
