using Comms.Core.Workflow;

namespace Comms.Core.Hosting;

/// <summary>Who may call a route, on both hosts: with an API key (<c>x-functions-key</c> or <c>?code=</c>), or anyone.</summary>
public enum RouteAuth
{
    /// <summary>Open to the host; the handler authenticates when it must (a webhook signature), or nothing is secret (health).</summary>
    Anonymous,

    /// <summary>An API key: the function key on Azure Functions, <c>Comms:Server:ApiKeys</c> on Comms.Server.</summary>
    Function,
}

/// <summary>One HTTP route: the Functions function that serves it and the route Comms.Server maps (both under <see cref="HostBindings.RoutePrefix"/>).</summary>
public sealed record RouteBinding(string FunctionName, string Method, string Route, RouteAuth Auth);

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
/// Every binding of Comms, declared once for both hosts (README, The two hosts): the routes with their key level, the queues
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
        ActivityNames.Gather, ActivityNames.Render, ActivityNames.Send, ActivityNames.Store, ActivityNames.RecordStatus, ActivityNames.RecordWait,
        ActivityNames.OpenChild, ActivityNames.CloseStep,
        Batches.BatchNames.Prepare, Batches.BatchNames.StartChunk, Batches.BatchNames.Check,
    ];

    public static IReadOnlyList<RouteBinding> Http { get; } =
    [
        new(FunctionNames.SubmitComms, "POST", Routes.Comms, RouteAuth.Function),
        new(FunctionNames.GetComms, "GET", Routes.CommsById, RouteAuth.Function),
        new(FunctionNames.ListComms, "GET", Routes.Comms, RouteAuth.Function),
        new(FunctionNames.ResendComms, "POST", Routes.Resend, RouteAuth.Function),
        new(FunctionNames.CancelComms, "POST", Routes.Cancel, RouteAuth.Function),
        new(FunctionNames.SubmitBatch, "POST", Routes.Batches, RouteAuth.Function),
        new(FunctionNames.GetBatch, "GET", Routes.Batch, RouteAuth.Function),
        new(FunctionNames.ListBatchItems, "GET", Routes.BatchItems, RouteAuth.Function),
        new(FunctionNames.CancelBatch, "POST", Routes.BatchCancel, RouteAuth.Function),
        new(FunctionNames.CancelByKey, "POST", Routes.Cancellation, RouteAuth.Function),
        new(FunctionNames.ListAccountComms, "GET", Routes.AccountComms, RouteAuth.Function),
        new(FunctionNames.GetCommsDocument, "GET", Routes.Document, RouteAuth.Function),
        new(FunctionNames.ListNotifications, "GET", Routes.Notifications, RouteAuth.Function),
        new(FunctionNames.MarkNotificationRead, "POST", Routes.NotificationRead, RouteAuth.Function),
        new(FunctionNames.PutProfile, "PUT", Routes.Profile, RouteAuth.Function),
        new(FunctionNames.GetProfile, "GET", Routes.Profile, RouteAuth.Function),
        new(FunctionNames.GetPreferences, "GET", Routes.Preferences, RouteAuth.Function),
        new(FunctionNames.PutPreferences, "PUT", Routes.Preferences, RouteAuth.Function),
        new(FunctionNames.PreviewTemplate, "POST", Routes.TemplatePreview, RouteAuth.Function),
        new(FunctionNames.PublishTemplates, "POST", Routes.TemplateVersions, RouteAuth.Function),
        new(FunctionNames.ListTemplateVersions, "GET", Routes.TemplateVersions, RouteAuth.Function),
        new(FunctionNames.GetTemplateVersion, "GET", Routes.TemplateVersion, RouteAuth.Function),
        new(FunctionNames.ActivateTemplates, "POST", Routes.TemplateActivate, RouteAuth.Function),
        new(FunctionNames.ListRejected, "GET", Routes.Rejected, RouteAuth.Function),
        new(FunctionNames.Search, "GET", Routes.Search, RouteAuth.Function),

        // The Event Grid subscription carries the key as ?code= in its endpoint URL.
        new(FunctionNames.AcsEvents, "POST", Routes.AcsEvents, RouteAuth.Function),

        // Authenticated by the partner's Standard Webhooks signature, not by a key.
        new(FunctionNames.ReportStatus, "POST", Routes.Status, RouteAuth.Anonymous),

        // Opened by recipients from an e-mail's List-Unsubscribe link: the signed token is the authority (README, Consent and preferences).
        new(FunctionNames.UnsubscribePage, "GET", Routes.Unsubscribe, RouteAuth.Anonymous),
        new(FunctionNames.Unsubscribe, "POST", Routes.Unsubscribe, RouteAuth.Anonymous),

        // Static files with no data in them: every call the page makes for data sends the agent's key.
        new(FunctionNames.AgentPage, "GET", Routes.AgentPage, RouteAuth.Anonymous),

        // For probes.
        new(FunctionNames.Health, "GET", Routes.Health, RouteAuth.Anonymous),
    ];

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
