namespace Comms.Core.Domain;

/// <summary>An input that could not be accepted, kept with its reason and raw text so that nothing is lost.</summary>
public sealed record RejectedMessage(string Id, string Source, DateTimeOffset At, string Reason, string RawText);
