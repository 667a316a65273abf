using Comms.Core.Text;

namespace Comms.Core.Domain;

/// <summary>One rendered part of a channel: its template part name, content type and archive file name.</summary>
public sealed record ChannelPart(string Part, string ContentType, string FileName);

/// <summary>
/// Everything Comms knows about a channel, in one place: its wire name, the parts it is rendered into (in order),
/// and the address it needs from the target (request or profile). A new channel is a description here plus a provider
/// folder (docs/architecture.md, Adding a channel).
/// </summary>
/// <param name="Address">The address the target must have, as an error message names it ("an email address"); null when none is needed.</param>
/// <param name="HasAddress">Whether a target has that address.</param>
public sealed record ChannelDescription(Channel Channel, IReadOnlyList<ChannelPart> Parts, string? Address, Func<CommsTarget, bool> HasAddress)
{
    public string WireName => Channel.WireName();
}

public static class ChannelDescriptions
{
    private const string Text = "text/plain; charset=utf-8";
    private const string Html = "text/html; charset=utf-8";

    public static IReadOnlyList<ChannelDescription> All { get; } =
    [
        new(Channel.Email, [new(ChannelParts.Subject, Text, "subject.txt"), new(ChannelParts.Html, Html, "email.html")], "an email address", t => !string.IsNullOrWhiteSpace(t.Email)),
        new(Channel.Sms, [new(ChannelParts.Text, Text, "sms.txt")], "a phone number", t => !string.IsNullOrWhiteSpace(t.Phone)),
        new(Channel.Letter, [new(ChannelParts.Html, Html, "letter.html"), new(ChannelParts.Pdf, ChannelParts.PdfContentType, "letter.pdf")], "a postal address", t => t.PostalAddress?.Lines is { Count: > 0 }),
        new(Channel.PushToHandset, [new(ChannelParts.Title, Text, "title.txt"), new(ChannelParts.Body, Text, "body.txt")], "an installation id", t => !string.IsNullOrWhiteSpace(t.InstallationId)),
        new(Channel.PushToExternal, [new(ChannelParts.Body, "application/json", "payload.json")], "an external system", t => !string.IsNullOrWhiteSpace(t.ExternalSystem)),
        new(Channel.Online, [new(ChannelParts.Title, Text, "title.txt"), new(ChannelParts.Body, Text, "body.txt")], null, _ => true),
    ];

    public static ChannelDescription Of(Channel channel) =>
        All.FirstOrDefault(d => d.Channel == channel) ?? throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel.");
}
