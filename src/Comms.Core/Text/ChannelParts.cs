using Comms.Core.Domain;

namespace Comms.Core.Text;

/// <summary>The rendered parts each channel is made of, with the content type of each.</summary>
public static class ChannelParts
{
    public const string Subject = "subject";
    public const string Html = "html";
    public const string Title = "title";
    public const string Body = "body";
    public const string Text = "text";

    public static IReadOnlyList<(string Part, string ContentType, string FileName)> For(Channel channel) => channel switch
    {
        Channel.Email => [(Subject, "text/plain; charset=utf-8", "subject.txt"), (Html, "text/html; charset=utf-8", "email.html")],
        Channel.Online => [(Title, "text/plain; charset=utf-8", "title.txt"), (Body, "text/plain; charset=utf-8", "body.txt")],
        Channel.Sms => [(Text, "text/plain; charset=utf-8", "sms.txt")],
        Channel.PushToHandset => [(Title, "text/plain; charset=utf-8", "title.txt"), (Body, "text/plain; charset=utf-8", "body.txt")],
        Channel.PushToExternal => [(Body, "application/json", "payload.json")],
        Channel.Letter => [(Html, "text/html; charset=utf-8", "letter.html")],
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel."),
    };
}
