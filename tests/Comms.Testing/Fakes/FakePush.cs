namespace Comms.Testing.Fakes;

/// <summary>A template notification the fake Notification Hubs accepted.</summary>
public sealed record FakePush(string TrackingId, string Tags, IReadOnlyDictionary<string, string> Properties);
