using Comms.Core.Domain;
using Comms.Core.Ports;
using Microsoft.DurableTask;

namespace Comms.Core.Workflow;

/// <summary>
/// The body of a communication: gather → render → send → store, with the status reported at each stage.
/// Deterministic: everything it learns comes from the context (clock, activity results); both hosts register it.
/// </summary>
public static class CommsWorkflow
{
    /// <summary>The orchestration's registered name.</summary>
    public const string Name = "CommsOrchestration";


    /// <summary>The external event a status report from outside is raised to the orchestration as.</summary>
    public const string StatusReportEvent = "StatusReport";

    /// <summary>
    /// How long a sent communication waits for a report that settles its delivery (delivered, read, failed,
    /// undeliverable) before the workflow ends on <c>sent</c>; later reports still land in the history and status.
    /// </summary>
    public static readonly TimeSpan DeliveryWait = TimeSpan.FromDays(3);

    /// <summary>
    /// The one retry policy of every step: 5 attempts, 2 s doubling to at most 1 min. A
    /// <see cref="PermanentSendException"/> (bad address, missing template, provider's permanent refusal) is not retried.
    /// </summary>
    public static RetryPolicy StepRetryPolicy { get; } = new(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2.0,
        maxRetryInterval: TimeSpan.FromMinutes(1))
    {
        HandleFailure = failure => !IsPermanent(failure),
    };

    public static TaskOptions StepOptions { get; } = TaskOptions.FromRetryPolicy(StepRetryPolicy);

    public static async Task<CommsOutcome> RunAsync(TaskOrchestrationContext context, CommsRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);

        SendResult? sent = null;
        try
        {
            if (request.SendAt is { } sendAt && sendAt.UtcDateTime > context.CurrentUtcDateTime)
            {
                await ReportAsync(context, request, CommsStatus.Scheduled, $"scheduled for {sendAt.UtcDateTime:O}");
                await context.CreateTimer(sendAt.UtcDateTime, CancellationToken.None);
            }

            await ReportAsync(context, request, CommsStatus.Processing, null);
            var gathered = await context.CallActivityAsync<GatherResult>(ActivityNames.Gather, request, StepOptions);
            var rendered = await context.CallActivityAsync<RenderResult>(ActivityNames.Render, new RenderInput(request, gathered), StepOptions);
            sent = await context.CallActivityAsync<SendResult>(ActivityNames.Send, new SendInput(request, gathered, rendered), StepOptions);
            await ReportAsync(context, request, CommsStatus.Sent, $"{sent.Provider}: {sent.ProviderMessageId}");
            var stored = await context.CallActivityAsync<StoreResult>(ActivityNames.Store, new StoreInput(request, rendered), StepOptions);

            // Delivery is reported after the archive, so that a request shown as delivered always has its documents.
            if (sent.Reached == CommsStatus.Delivered)
            {
                await ReportAsync(context, request, CommsStatus.Delivered, sent.Provider);
                return new CommsOutcome(request.RequestId, sent.Reached, null, sent.Provider, sent.ProviderMessageId, stored.Documents);
            }

            if (await WaitForDeliveryAsync(context, request) is { } settled)
            {
                // Recorded already where it arrived; the same report id makes this a no-op there, and a record here otherwise.
                await context.CallActivityAsync(ActivityNames.RecordStatus, settled, StepOptions);
                var reason = settled.Status is CommsStatus.Failed or CommsStatus.Undeliverable ? settled.Detail : null;
                return new CommsOutcome(request.RequestId, settled.Status, reason, sent.Provider, sent.ProviderMessageId, stored.Documents);
            }

            return new CommsOutcome(request.RequestId, sent.Reached, null, sent.Provider, sent.ProviderMessageId, stored.Documents);
        }
        catch (TaskFailedException failure)
        {
            var reason = failure.FailureDetails.ErrorMessage;
            await ReportAsync(context, request, CommsStatus.Failed, reason);
            return new CommsOutcome(request.RequestId, CommsStatus.Failed, reason, sent?.Provider, sent?.ProviderMessageId, []);
        }
    }

    /// <summary>
    /// True when the failure is a <see cref="PermanentSendException"/> (or a subclass). Not
    /// <c>TaskFailureDetails.IsCausedBy</c>: it throws for exception types that several assemblies declare
    /// (HttpRequestException among them), which would turn a transient failure into a crash of the retry decision.
    /// </summary>
    internal static bool IsPermanent(TaskFailureDetails? failure)
    {
        // Hosts may wrap the activity's exception; look through the chain of inner failures.
        for (; failure is not null; failure = failure.InnerFailure)
        {
            if (failure.ErrorType == typeof(PermanentSendException).FullName || failure.ErrorType == nameof(PermanentSendException))
            {
                return true;
            }

            foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (assembly.GetType(failure.ErrorType, throwOnError: false) is { } type && typeof(PermanentSendException).IsAssignableFrom(type))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The first raised report that settles the delivery, or null when <see cref="DeliveryWait"/> ends first.</summary>
    private static async Task<StatusReport?> WaitForDeliveryAsync(TaskOrchestrationContext context, CommsRequest request)
    {
        // Cancel(), never CancelAsync(): awaiting the latter resumes on the thread pool, outside the orchestration's
        // dispatcher, and the episode then ends without the actions that follow.
        using var cancel = new CancellationTokenSource();
        var timeout = context.CreateTimer(context.CurrentUtcDateTime.Add(DeliveryWait), cancel.Token);
        while (true)
        {
            var next = context.WaitForExternalEvent<StatusReport>(StatusReportEvent, cancel.Token);
            if (await Task.WhenAny(next, timeout) != next)
            {
                cancel.Cancel();
                return null;
            }

            if (await next is { } report && report.RequestId == request.RequestId && CommsStatusRules.SettlesDelivery(report.Status))
            {
                cancel.Cancel();
                return report;
            }
        }
    }

    private static Task ReportAsync(TaskOrchestrationContext context, CommsRequest request, CommsStatus status, string? detail) =>
        context.CallActivityAsync(
            ActivityNames.RecordStatus,
            new StatusReport(request.RequestId, status, context.CurrentUtcDateTime, RequestIds.PipelineSource, detail, RequestIds.PipelineReport(status)),
            StepOptions);
}
