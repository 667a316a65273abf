namespace Comms.Testing.Fakes;

/// <summary>An e-mail the fake ACS accepted (one per operation).</summary>
public sealed record FakeEmail(string OperationId, string From, string To, string Subject, string? Html, string? PlainText, string? ReplyTo, IReadOnlyDictionary<string, string>? Headers = null);
