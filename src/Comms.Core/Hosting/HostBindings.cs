using Comms.Core.Workflow;

namespace Comms.Core.Hosting;

/// <summary>
/// The roles an API key can have (README, Keys and roles). Each keyed route of <see cref="HostBindings.Http"/> names the
/// roles that may call it; <see cref="Admin"/> may call every keyed route.
/// </summary>
public static class Roles
{
    /// <summary>The billing platform: submits requests and batches, cancels, pushes profiles and preferences, reads statuses.</summary>
    public const string Submit = "submit";

    /// <summary>A customer-service agent's tool: reads, resends and cancels single requests.</summary>
    public const string Agent = "agent";

    /// <summary>The Event Grid subscription of ACS: its key travels in the subscription's URL (<c>?code=</c>), so it may post events and nothing else.</summary>
    public const string Events = "events";

    /// <summary>Operators: every keyed route, templates and the audit log among them.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Submit, Agent, Events, Admin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}

/// <summary>
/// One HTTP route: the Functions function that serves it, the route Comms.Server maps (both under
/// <see cref="HostBindings.RoutePrefix"/>), and the <see cref="Roles"/> whose keys may call it. No roles: anonymous
/// (the handler authenticates when it must, a webhook signature or a signed link, or nothing is secret, health).
/// Both hosts let every route through at the host and check the key in the app (<c>Comms.Api/ApiKeys.cs</c>), so the
/// app knows which key called.
/// </summary>
public sealed record RouteBinding(string FunctionName, string Method, string Route, IReadOnlyList<string> Roles)
{
    public bool IsAnonymous => Roles.Count == 0;
}

/// <summary>A storage queue both hosts listen on, with its poison queue and the function that records what lands there.</summary>
public sealed record QueueBinding(string FunctionName, string QueueName, string PoisonFunctionName, string PoisonQueueName);

/// <summary>A setting each host needs with its own value, because one host's rules force it (both named, both tested).</summary>
public sealed record PerHost<T>(T Server, T Functions);

/// <summary>
/// How storage queues are listened to, on both hosts: Functions takes these from <c>host.json</c>
/// (<c>extensions.queues</c>, which applies to every queue trigger), Comms.Server from <c>Comms:Server:Queues</c>.
/// </summary>
/// <param name="BatchSize">Messages received at once.</param>
/// <param name="NewBatchThreshold">Functions only: fetch the next batch when this few are still running.</param>
/// <param name="RetryDelay">How long a message whose handling threw stays invisible before the next attempt (host.json <c>visibilityTimeout</c>).</param>
/// <param name="MaxDequeueCount">Attempts before a message moves to its poison queue.</param>
/// <param name="MaxPollingInterval">The longest wait between polls of an empty queue.</param>
/// <param name="ReceiveVisibilityTimeout">
/// Comms.Server only: how long a received message stays invisible while handled. The Functions host holds it for
/// 10 minutes and renews that itself; it has no setting.
/// </param>
public sealed record QueueSettings(int BatchSize, int NewBatchThreshold, TimeSpan RetryDelay, int MaxDequeueCount, TimeSpan MaxPollingInterval, TimeSpan ReceiveVisibilityTimeout);

/// <summary>
/// The Durable Task settings of both hosts. Functions takes them from <c>host.json</c> (<c>extensions.durableTask</c>),
/// Comms.Server from <c>Comms:Durable</c>.
/// </summary>
/// <param name="TaskHub">The task hub: the names of its queues and tables in the storage account.</param>
/// <param name="PartitionCount">Control-queue partitions: more lets more orchestrations run at once across several instances.</param>
/// <param name="ControlQueueVisibilityTimeout">
/// How long a dequeued orchestration message stays invisible; after a crash, an orchestration resumes when this runs
/// out. The Durable extension of Functions refuses less than one minute; Comms.Server's sidecar takes 30 s.
/// </param>
/// <param name="WorkItemQueueVisibilityTimeout">The same for a dequeued activity message: after a crash, an activity runs again when this runs out.</param>
/// <param name="MaxQueuePollingInterval">The longest wait between polls of an idle task hub queue.</param>
/// <param name="MaxConcurrentActivities">Activities one instance runs at once.</param>
/// <param name="MaxConcurrentOrchestrations">Orchestration episodes one instance runs at once.</param>
public sealed record DurableSettings(
    string TaskHub,
    int PartitionCount,
    PerHost<TimeSpan> ControlQueueVisibilityTimeout,
    TimeSpan WorkItemQueueVisibilityTimeout,
    TimeSpan MaxQueuePollingInterval,
    int MaxConcurrentActivities,
    int MaxConcurrentOrchestrations);

/// <summary>
/// Every binding of Comms, declared once for both hosts (README, The two hosts): the routes with their roles, the queues
/// and how they are listened to, the orchestration and its activities, and the durable settings. Comms.Functions'
/// attributes use the constants below; Comms.Server maps its routes and takes its defaults from the lists and records;
/// tests hold <c>functions.metadata</c>, <c>host.json</c> and Comms.Server to this table, so that a drift fails a test.
/// </summary>
public static class HostBindings
{
    public const string RoutePrefix = "api";

    /// <summary>The routes (without <see cref="RoutePrefix"/>), as constants for the Functions attributes.</summary>
    public static class Routes
    {
        public const string Comms = "comms";
        public const string CommsById = "comms/{requestId}";
        public const string Document = "comms/{requestId}/documents/{name}";
        public const string Resend = "comms/{requestId}/resend";
        public const string Cancel = "comms/{requestId}/cancel";
        public const string Batches = "batches";
        public const string Batch = "batches/{batchId}";
        public const string BatchItems = "batches/{batchId}/items";
        public const string BatchCancel = "batches/{batchId}/cancel";
        public const string Cancellation = "cancellations/{cancellationKey}";
        public const string Status = "comms/{requestId}/status";
        public const string AccountComms = "accounts/{accountId}/comms";
        public const string Notifications = "accounts/{accountId}/notifications";
        public const string NotificationRead = "accounts/{accountId}/notifications/{id}/read";
        public const string Profile = "accounts/{accountId}/profile";
        public const string Preferences = "accounts/{accountId}/preferences";
        public const string Unsubscribe = "unsubscribe/{token}";
        public const string TemplatePreview = "templates/{commsType}/preview";
        public const string TemplateVersions = "templates/{commsType}/versions";
        public const string TemplateVersion = "templates/{commsType}/versions/{version}";
        public const string TemplateActivate = "templates/{commsType}/versions/{version}/activate";
        public const string AcsEvents = "events/acs";
        public const string Rejected = "rejected";
        public const string Search = "search";

        /// <summary>The agent page and its files (README, The agent page): <c>/api/agent/</c> is the page.</summary>
        public const string AgentPage = "agent/{*path}";

        public const string Audit = "audit";
        public const string Health = "health";
    }

    /// <summary>The Functions function names, which are also the names the hosts log.</summary>
    public static class FunctionNames
    {
        public const string SubmitComms = "SubmitComms";
        public const string GetComms = "GetComms";
        public const string ListComms = "ListComms";
        public const string ResendComms = "ResendComms";
        public const string CancelComms = "CancelComms";
        public const string SubmitBatch = "SubmitBatch";
        public const string GetBatch = "GetBatch";
        public const string ListBatchItems = "ListBatchItems";
        public const string CancelBatch = "CancelBatch";
        public const string CancelByKey = "CancelByKey";
        public const string ListAccountComms = "ListAccountComms";
        public const string GetCommsDocument = "GetCommsDocument";
        public const string ListNotifications = "ListNotifications";
        public const string MarkNotificationRead = "MarkNotificationRead";
        public const string PutProfile = "PutProfile";
        public const string GetProfile = "GetProfile";
        public const string GetPreferences = "GetPreferences";
        public const string PutPreferences = "PutPreferences";
        public const string UnsubscribePage = "UnsubscribePage";
        public const string Unsubscribe = "Unsubscribe";
        public const string PreviewTemplate = "PreviewTemplate";
        public const string PublishTemplates = "PublishTemplates";
        public const string ListTemplateVersions = "ListTemplateVersions";
        public const string GetTemplateVersion = "GetTemplateVersion";
        public const string ActivateTemplates = "ActivateTemplates";
        public const string ReportStatus = "ReportStatus";
        public const string AcsEvents = "AcsEvents";
        public const string ListRejected = "ListRejected";
        public const string Search = "Search";
        public const string AgentPage = "AgentPage";
        public const string ListAudit = "ListAudit";
        public const string Health = "Health";
        public const string WorkflowEvent = "WorkflowEvent";
        public const string WorkflowEventPoison = "WorkflowEventPoison";
        public const string StatusCallback = "StatusCallback";
        public const string StatusCallbackPoison = "StatusCallbackPoison";
    }

    /// <summary>The queue names, as constants for the Functions attributes.</summary>
    public static class QueueNames
    {
        public const string WorkflowEvents = "workflow-events";
        public const string WorkflowEventsPoison = WorkflowEvents + "-poison";
        public const string StatusCallbacks = "status-callbacks";
        public const string StatusCallbacksPoison = StatusCallbacks + "-poison";
    }

    /// <summary>The storage connection every trigger uses (the host's own storage).</summary>
    public const string StorageConnection = "AzureWebJobsStorage";

    /// <summary>The orchestration: its name is the instance's type in the task hub, so it never changes while requests run.</summary>
    public const string Orchestration = CommsWorkflow.Name;

    /// <summary>The batch orchestration (<see cref="Batches.BatchWorkflow"/>).</summary>
    public const string BatchOrchestration = Batches.BatchNames.Orchestration;

    /// <summary>The activities of <see cref="Orchestration"/> and <see cref="BatchOrchestration"/>, registered under these names on both hosts.</summary>
    public static IReadOnlyList<string> Activities { get; } =
    [
        ActivityNames.Gather, ActivityNames.Render, ActivityNames.Prepare, ActivityNames.Proceed, ActivityNames.Send, ActivityNames.Store, ActivityNames.RecordStatus, ActivityNames.RecordWait,
        ActivityNames.OpenChild, ActivityNames.CloseStep,
        Batches.BatchNames.Prepare, Batches.BatchNames.StartChunk, Batches.BatchNames.Check,
    ];

    // Who calls what (README, Keys and roles). Admin is named on every keyed route, so the table reads as it is enforced.
    private static readonly string[] Anyone = [];
    private static readonly string[] SubmitKeys = [Roles.Submit, Roles.Admin];
    private static readonly string[] ReadKeys = [Roles.Submit, Roles.Agent, Roles.Admin];
    private static readonly string[] AgentKeys = [Roles.Agent, Roles.Admin];
    private static readonly string[] EventKeys = [Roles.Events, Roles.Admin];
    private static readonly string[] AdminKeys = [Roles.Admin];

    public static IReadOnlyList<RouteBinding> Http { get; } =
    [
        new(FunctionNames.SubmitComms, "POST", Routes.Comms, SubmitKeys),
        new(FunctionNames.GetComms, "GET", Routes.CommsById, ReadKeys),
        new(FunctionNames.ListComms, "GET", Routes.Comms, ReadKeys),
        new(FunctionNames.ResendComms, "POST", Routes.Resend, AgentKeys),
        new(FunctionNames.CancelComms, "POST", Routes.Cancel, ReadKeys),
        new(FunctionNames.SubmitBatch, "POST", Routes.Batches, SubmitKeys),
        new(FunctionNames.GetBatch, "GET", Routes.Batch, ReadKeys),
        new(FunctionNames.ListBatchItems, "GET", Routes.BatchItems, ReadKeys),
        new(FunctionNames.CancelBatch, "POST", Routes.BatchCancel, SubmitKeys),
        new(FunctionNames.CancelByKey, "POST", Routes.Cancellation, SubmitKeys),
        new(FunctionNames.ListAccountComms, "GET", Routes.AccountComms, ReadKeys),
        new(FunctionNames.GetCommsDocument, "GET", Routes.Document, ReadKeys),
        new(FunctionNames.ListNotifications, "GET", Routes.Notifications, ReadKeys),
        new(FunctionNames.MarkNotificationRead, "POST", Routes.NotificationRead, SubmitKeys),
        new(FunctionNames.PutProfile, "PUT", Routes.Profile, SubmitKeys),
        new(FunctionNames.GetProfile, "GET", Routes.Profile, ReadKeys),
        new(FunctionNames.GetPreferences, "GET", Routes.Preferences, ReadKeys),
        new(FunctionNames.PutPreferences, "PUT", Routes.Preferences, SubmitKeys),
        new(FunctionNames.PreviewTemplate, "POST", Routes.TemplatePreview, AdminKeys),
        new(FunctionNames.PublishTemplates, "POST", Routes.TemplateVersions, AdminKeys),
        new(FunctionNames.ListTemplateVersions, "GET", Routes.TemplateVersions, AdminKeys),
        new(FunctionNames.GetTemplateVersion, "GET", Routes.TemplateVersion, AdminKeys),
        new(FunctionNames.ActivateTemplates, "POST", Routes.TemplateActivate, AdminKeys),
        new(FunctionNames.ListRejected, "GET", Routes.Rejected, SubmitKeys),
        new(FunctionNames.Search, "GET", Routes.Search, AgentKeys),
        new(FunctionNames.ListAudit, "GET", Routes.Audit, AdminKeys),

        // The Event Grid subscription carries the key as ?code= in its endpoint URL: a key of its own role.
        new(FunctionNames.AcsEvents, "POST", Routes.AcsEvents, EventKeys),

        // Authenticated by the partner's Standard Webhooks signature, not by a key.
        new(FunctionNames.ReportStatus, "POST", Routes.Status, Anyone),

        // Opened by recipients from an e-mail's List-Unsubscribe link: the signed token is the authority (README, Consent and preferences).
        new(FunctionNames.UnsubscribePage, "GET", Routes.Unsubscribe, Anyone),
        new(FunctionNames.Unsubscribe, "POST", Routes.Unsubscribe, Anyone),

        // Static files with no data in them: every call the page makes for data sends the agent's key.
        new(FunctionNames.AgentPage, "GET", Routes.AgentPage, Anyone),

        // For probes.
        new(FunctionNames.Health, "GET", Routes.Health, Anyone),
    ];

    /// <summary>The binding of an HTTP function, or null for a function of another trigger.</summary>
    public static RouteBinding? HttpFunction(string functionName) => Http.FirstOrDefault(r => r.FunctionName == functionName);

    public static QueueBinding WorkflowEvents { get; } =
        new(FunctionNames.WorkflowEvent, QueueNames.WorkflowEvents, FunctionNames.WorkflowEventPoison, QueueNames.WorkflowEventsPoison);

    public static QueueBinding StatusCallbacks { get; } =
        new(FunctionNames.StatusCallback, QueueNames.StatusCallbacks, FunctionNames.StatusCallbackPoison, QueueNames.StatusCallbacksPoison);

    public static IReadOnlyList<QueueBinding> Queues { get; } = [WorkflowEvents, StatusCallbacks];

    /// <summary>One set for every queue: host.json's <c>extensions.queues</c> cannot differ per queue.</summary>
    public static QueueSettings QueueSettings { get; } = new(
        BatchSize: 16,
        NewBatchThreshold: 8,
        RetryDelay: TimeSpan.FromSeconds(30),
        MaxDequeueCount: 5,
        MaxPollingInterval: TimeSpan.FromSeconds(1),
        ReceiveVisibilityTimeout: TimeSpan.FromMinutes(1));

    public static DurableSettings Durable { get; } = new(
        TaskHub: "CommsHub",
        PartitionCount: 4,
        ControlQueueVisibilityTimeout: new PerHost<TimeSpan>(Server: TimeSpan.FromSeconds(30), Functions: TimeSpan.FromMinutes(1)),
        WorkItemQueueVisibilityTimeout: TimeSpan.FromSeconds(30),
        MaxQueuePollingInterval: TimeSpan.FromSeconds(1),
        MaxConcurrentActivities: 20,
        MaxConcurrentOrchestrations: 20);
}
