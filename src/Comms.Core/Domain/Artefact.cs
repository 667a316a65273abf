namespace Comms.Core.Domain;

/// <summary>
/// A rendered piece of a communication (subject, HTML body, …) kept in the <c>comms-work</c> container.
/// Steps pass artefacts by reference: only this small record crosses the orchestration history.
/// </summary>
public sealed record Artefact(string Name, string ContentType, string BlobName, long Length, string Sha256);
