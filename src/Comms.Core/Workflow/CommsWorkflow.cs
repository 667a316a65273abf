using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Microsoft.DurableTask;

namespace Comms.Core.Workflow;

/// <summary>
/// The body of a communication: gather → render → send → store, with the status reported at each stage: by the step
/// that causes it (Gather records <c>processing</c>, Send <c>sent</c>), with gather, render, send and store one step
/// (Proceed) as far as the request lets them go, so a plain request is one activity and the orchestration's two turns
/// around it (docs/performance.md, Round trips per request); from where Proceed stops, the steps go one by one.
/// Deterministic: everything it learns comes from the context (clock, activity results); both hosts register it.
/// Every wait (a send time, a retry, a rate-limit slot, the archive's next attempt) is a durable timer, shown on the
/// request's header while it lasts (README, Retries, rate limits and resend).
/// </summary>
public static partial class CommsWorkflow
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
    /// How long before a rate-limit slot the workflow wakes: a timer's turn, the orchestration's and the activity's
    /// queues take about this long on a busy task hub, and Send waits out the rest, so the send leaves on its slot.
    /// </summary>
    public static readonly TimeSpan SlotLead = TimeSpan.FromSeconds(3);

    public static async Task<CommsOutcome> RunAsync(TaskOrchestrationContext context, WorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var request = input.Request;
        var run = new Run(context, input);

        SendResult sent;
        try
        {
            if (request.SendAt is { } sendAt && sendAt.UtcDateTime > context.CurrentUtcDateTime)
            {
                await run.ReportAsync(CommsStatus.Scheduled, $"scheduled for {sendAt.UtcDateTime:O}");
                await context.CreateTimer(sendAt.UtcDateTime, CancellationToken.None);
            }

            if (request.HasChildren)
            {
                await run.ReportAsync(CommsStatus.Processing, null);
                return request.Channels is { Count: > 0 } ? await RunChainAsync(context, input, run) : await RunTargetsAsync(context, input, run);
            }

            if (!input.Compact)
            {
                await run.ReportAsync(CommsStatus.Processing, null);
            }

            GatherResult gathered;
            RenderResult rendered;
            ProceedResult ahead;
            if (input.Compact)
            {
                // One round trip for gather and render, and with RunAhead for the send and the store too, as far as they
                // go: the request's template version is fixed at intake, so rendering before a quiet-hours wait renders
                // what rendering after it would.
                ahead = input.RunAhead
                    ? await run.StepAsync<ProceedResult>(ActivityNames.Proceed, request, WaitReason.Retry)
                    : new ProceedResult(await run.StepAsync<PrepareResult>(ActivityNames.Prepare, request, WaitReason.Retry));
                (gathered, rendered) = ahead.Prepared;
                if (ahead.Sent is null && ahead.SendFailure is null && gathered.QuietUntil is { } opens && opens.UtcDateTime > context.CurrentUtcDateTime)
                {
                    await run.QuietHoursAsync(opens);
                }
            }
            else
            {
                gathered = await run.StepAsync<GatherResult>(ActivityNames.Gather, request, WaitReason.Retry);
                if (gathered.QuietUntil is { } opens && opens.UtcDateTime > context.CurrentUtcDateTime)
                {
                    await run.QuietHoursAsync(opens);
                }

                rendered = await run.StepAsync<RenderResult>(ActivityNames.Render, new RenderInput(request, gathered), WaitReason.Retry);
                ahead = new ProceedResult(new PrepareResult(gathered, rendered));
            }

            sent = await run.SendAsync(new SendInput(request, gathered, rendered), ahead.Sent, ahead.SendFailure);
            if (sent.Reached == CommsStatus.Cancelled)
            {
                // Recorded already by the cancel (the same report id): a no-op there, a record here otherwise.
                await run.ReportAsync(CommsStatus.Cancelled, "cancelled before the send");
                return new CommsOutcome(request.RequestId, CommsStatus.Cancelled, null, null, null, []);
            }

            if (sent.Reached == CommsStatus.Suppressed)
            {
                await run.ReportAsync(CommsStatus.Suppressed, sent.WaitDetail);
                return new CommsOutcome(request.RequestId, CommsStatus.Suppressed, sent.WaitDetail, null, null, []);
            }

            if (!input.Compact)
            {
                // Send records both itself (SendActivity.Reports) for orchestrations started since it does.
                foreach (var report in SendActivity.Reports(request.RequestId, sent, context.CurrentUtcDateTime))
                {
                    await context.CallActivityAsync(ActivityNames.RecordStatus, report, run.RecordOptions);
                }
            }

            var documents = ahead.Stored?.Documents ?? await run.ArchiveAsync(new StoreInput(request, rendered), ahead.StoreFailure);
            if (sent.Reached == CommsStatus.Delivered || (request.ParentId is not null && !sent.ReportsDelivery))
            {
                // A child whose provider reports no delivery tells its parent at once; a later report still lands in its status.
                return new CommsOutcome(request.RequestId, sent.Reached, null, sent.Provider, sent.ProviderMessageId, documents);
            }

            if (await WaitForDeliveryAsync(context, request) is { } settled)
            {
                // Recorded already where it arrived; the same report id makes this a no-op there, and a record here otherwise.
                await context.CallActivityAsync(ActivityNames.RecordStatus, settled, run.RecordOptions);
                var reason = settled.Status is CommsStatus.Failed or CommsStatus.Undeliverable ? settled.Detail : null;
                return new CommsOutcome(request.RequestId, settled.Status, reason, sent.Provider, sent.ProviderMessageId, documents);
            }

            if (sent.ReportsDelivery)
            {
                // The report that was to come did not: sent is all that will be known. The same report id as the sent
                // above adds nothing to the history; it marks the communication accounted for (a batch counts it final).
                await run.ReportAsync(CommsStatus.Sent, $"no delivery report within {DeliveryWait.TotalDays:0} days", sent.ProviderMessageId, final: true);
            }

            return new CommsOutcome(request.RequestId, sent.Reached, null, sent.Provider, sent.ProviderMessageId, documents);
        }
        catch (StepFailedException failure)
        {
            await run.ReportAsync(CommsStatus.Failed, failure.Message);
            return new CommsOutcome(request.RequestId, CommsStatus.Failed, failure.Message, null, null, []);
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

    /// <summary>A step that failed for good: permanently, or still after the horizon. Its message names the step.</summary>
    private sealed class StepFailedException(string message) : Exception(message);

    /// <summary>One run of the workflow: its context, request and policy, and the steps' retry loop.</summary>
    private sealed class Run(TaskOrchestrationContext context, WorkflowInput input)
    {
        private readonly string requestId = input.Request.RequestId;

        /// <summary>
        /// Status and wait records retry on the durable task's own policy up to the horizon: they only write rows,
        /// and a request whose records cannot land for that long cannot show anything else either.
        /// </summary>
        public TaskOptions RecordOptions { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
            maxNumberOfAttempts: int.MaxValue,
            firstRetryInterval: input.Policy.FirstInterval,
            backoffCoefficient: 2.0,
            maxRetryInterval: input.Policy.MaxInterval,
            retryTimeout: input.Policy.Horizon));

        /// <param name="final">A <c>sent</c> after which no delivery report will come (<see cref="StatusReport.Final"/>).</param>
        /// <param name="reportId">The report's id when it is not the status's own (a chain's steps, each in the history).</param>
        public Task ReportAsync(CommsStatus status, string? detail, string? reference = null, bool final = false, string? reportId = null) =>
            context.CallActivityAsync(
                ActivityNames.RecordStatus,
                new StatusReport(requestId, status, context.CurrentUtcDateTime, RequestIds.PipelineSource, detail, reportId ?? RequestIds.PipelineReport(status), reference, final),
                RecordOptions);

        /// <summary>
        /// Runs a step until it succeeds. A transient failure waits (<see cref="WorkflowPolicy.WaitAfter"/>, shown as
        /// <paramref name="reason"/>) and tries again while the next attempt is within the horizon since the first;
        /// a permanent failure, or a failure past the horizon, throws <see cref="StepFailedException"/>.
        /// </summary>
        /// <param name="failed">The step's first attempt, made and failed inside Proceed: handled as if it were this call's.</param>
        public async Task<T> StepAsync<T>(string step, object stepInput, WaitReason reason, StepFailure? failed = null)
        {
            var horizon = reason == WaitReason.Archive ? input.Policy.ArchiveHorizon : input.Policy.Horizon;
            var first = context.CurrentUtcDateTime;
            for (var failures = 0; ; )
            {
                if (failed is null)
                {
                    try
                    {
                        var result = await context.CallActivityAsync<T>(step, stepInput);
                        if (failures > 0)
                        {
                            await WaitAsync(new RequestWait(requestId, null, null, null, failures, Cleared: reason), null);
                        }

                        return result;
                    }
                    catch (TaskFailedException failure)
                    {
                        failed = new StepFailure(failure.FailureDetails.ErrorMessage, IsPermanent(failure.FailureDetails));
                    }
                }

                var error = $"{step}: {failed.Message}";
                if (failed.Permanent)
                {
                    throw new StepFailedException(error);
                }

                failed = null;
                failures++;
                var next = context.CurrentUtcDateTime + input.Policy.WaitAfter(failures);
                if (next - first > horizon)
                {
                    throw new StepFailedException($"{error} (gave up after {failures} attempts over {context.CurrentUtcDateTime - first:g})");
                }

                await WaitAsync(new RequestWait(requestId, reason, next, error, failures), next);
            }
        }

        /// <summary>Send, waiting for each rate-limit slot or provider pause it returns.</summary>
        /// <param name="ahead">What Send returned inside Proceed, if it returned.</param>
        /// <param name="failed">How Send failed inside Proceed, if it did.</param>
        public async Task<SendResult> SendAsync(SendInput sendInput, SendResult? ahead = null, StepFailure? failed = null)
        {
            var waited = false;
            while (true)
            {
                var result = ahead ?? await StepAsync<SendResult>(ActivityNames.Send, sendInput, WaitReason.Retry, failed);
                (ahead, failed) = (null, null);
                if (result.WaitUntil is not { } until)
                {
                    if (waited)
                    {
                        await WaitAsync(new RequestWait(requestId, null, null, null, Cleared: WaitReason.RateLimit), null);
                    }

                    return result;
                }

                waited = true;
                var wake = result.Slot is null ? until : until - SlotLead;
                await WaitAsync(new RequestWait(requestId, WaitReason.RateLimit, until, result.WaitDetail), wake.UtcDateTime);
                sendInput = sendInput with { Slot = result.Slot, Turn = result.Turn };
            }
        }

        /// <summary>
        /// Store on the archive's own horizon. It never fails the request: a message that was sent stays sent, with
        /// <c>archived: false</c> and the reason as its last error.
        /// </summary>
        /// <param name="failed">How Store failed inside Proceed, if it did.</param>
        public async Task<IReadOnlyList<DocumentRef>> ArchiveAsync(StoreInput storeInput, StepFailure? failed = null)
        {
            try
            {
                return (await StepAsync<StoreResult>(ActivityNames.Store, storeInput, WaitReason.Archive, failed)).Documents;
            }
            catch (StepFailedException failure)
            {
                await WaitAsync(new RequestWait(requestId, null, null, failure.Message), null);
                return [];
            }
        }

        /// <summary>Waits, shown as <c>waitingFor: quietHours</c>, until the channel's sending window opens for the recipient.</summary>
        public async Task QuietHoursAsync(DateTimeOffset opens)
        {
            await WaitAsync(new RequestWait(requestId, WaitReason.QuietHours, opens, null), opens.UtcDateTime);
            await WaitAsync(new RequestWait(requestId, null, null, null, Cleared: WaitReason.QuietHours), null);
        }

        private async Task WaitAsync(RequestWait wait, DateTime? until)
        {
            await context.CallActivityAsync(ActivityNames.RecordWait, wait, RecordOptions);
            if (until is { } at)
            {
                await context.CreateTimer(at, CancellationToken.None);
            }
        }
    }
}
