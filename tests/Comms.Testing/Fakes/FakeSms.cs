namespace Comms.Testing.Fakes;

/// <summary>An SMS the fake ACS accepted.</summary>
public sealed record FakeSms(string MessageId, string From, string To, string Message, bool DeliveryReport, string RepeatabilityRequestId);
