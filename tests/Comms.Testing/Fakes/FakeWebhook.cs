namespace Comms.Testing.Fakes;

/// <summary>A webhook the receiver accepted: its id and the exact body.</summary>
public sealed record FakeWebhook(string Id, string Body, string? ContentType);
