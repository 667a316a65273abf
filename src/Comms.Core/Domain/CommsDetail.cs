namespace Comms.Core.Domain;

/// <summary>The Comms Request Detail row written by Gather: what the communication will be made from.</summary>
/// <param name="MergeFieldsBlob">The merge fields written to the work container when the account added fields to the request's data; empty when the request's own data was all.</param>
public sealed record CommsDetail(
    string RequestId,
    CommsTarget Target,
    string Locale,
    string TemplateId,
    string TemplateVersion,
    string MergeFieldsBlob);
