namespace Comms.Core.Workflow;

/// <summary>The registered names of the workflow's activities, shared by both hosts.</summary>
public static class ActivityNames
{
    public const string Gather = "Gather";
    public const string Render = "Render";

    /// <summary>Gather and Render as one step, for orchestrations started since (<see cref="WorkflowInput.Compact"/>).</summary>
    public const string Prepare = "Prepare";

    /// <summary>Prepare, Send and Store as one step, as far as each goes, for orchestrations started since (<see cref="WorkflowInput.RunAhead"/>).</summary>
    public const string Proceed = "Proceed";
    public const string Send = "Send";
    public const string Store = "Store";
    public const string RecordStatus = "RecordStatus";
    public const string RecordWait = "RecordWait";
    public const string OpenChild = "OpenChild";
    public const string CloseStep = "CloseStep";
}
