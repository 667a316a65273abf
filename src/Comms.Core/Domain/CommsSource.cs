using System.Text.Json.Serialization;

namespace Comms.Core.Domain;

/// <summary>Which trigger created a request.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<CommsSource>))]
public enum CommsSource
{
    /// <summary><c>POST /api/comms</c> from the billing platform (CMP).</summary>
    Api,

    /// <summary>A message on the <c>workflow-events</c> queue.</summary>
    WorkflowEvent,

    /// <summary>An item of a batch (<c>POST /api/batches</c>).</summary>
    Batch,
}
