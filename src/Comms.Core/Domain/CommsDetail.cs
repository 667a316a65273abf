namespace Comms.Core.Domain;

/// <summary>The Comms Request Detail row written by Gather: what the communication will be made from.</summary>
public sealed record CommsDetail(
    string RequestId,
    CommsTarget Target,
    string Locale,
    string TemplateId,
    string TemplateVersion,
    string MergeFieldsBlob);
