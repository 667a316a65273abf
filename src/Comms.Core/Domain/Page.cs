namespace Comms.Core.Domain;

public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);
