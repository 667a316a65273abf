namespace Comms.Core.Domain;

/// <summary>
/// A rendered piece of a communication (subject, HTML body, …). Steps pass artefacts by reference: the content is in
/// the <c>comms-work</c> container (<see cref="BlobName"/>), except small text parts, which travel in the record itself
/// (<see cref="Inline"/>, at most <see cref="InlineLimit"/> bytes for all of a request's parts), so that Send and Store
/// read no blob for them (docs/performance.md, Storage operations per e-mail).
/// </summary>
/// <param name="BlobName">The work blob, or empty when the content is <see cref="Inline"/>.</param>
public sealed record Artefact(string Name, string ContentType, string BlobName, long Length, string Sha256, string? Inline = null)
{
    /// <summary>
    /// The most bytes of text a request's parts carry inline: far under the task hub's message size (its queue messages
    /// hold 64 KB; larger ones go to blobs, which would cost more than they save), as the parts cross its history three times.
    /// </summary>
    public const int InlineLimit = 12 * 1024;
}
