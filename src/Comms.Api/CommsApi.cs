using System.Text.RegularExpressions;
using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Comms.Core.Text;
using Microsoft.AspNetCore.Http;

namespace Comms.Api;

/// <summary>
/// The HTTP API of openapi.yaml, shared by both hosts: each host binds the route (and the key check) and calls
/// one of these methods. Bad input gets a 400 problem details and writes nothing.
/// </summary>
public sealed partial class CommsApi(
    CommsIntake intake,
    IRequestStore requests,
    IStatusHistory history,
    IDetailStore details,
    IArchive archive,
    IProfileStore profiles,
    INotificationInbox inbox,
    IRejectedStore rejected,
    IStorageProbe storage,
    StatusRecorder recorder,
    Audit.AuditApi audit,
    TimeProvider time)
{
    public const int MaxSubmitBytes = 256 * 1024;
    /// <summary>Room for a profile with its 32 KB of merge fields (<see cref="SubmissionParser.MaxProfileFieldsBytes"/>).</summary>
    public const int MaxProfileBytes = 64 * 1024;
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public async Task<IResult> SubmitAsync(HttpRequest http, IWorkflowClient workflow, CancellationToken cancellationToken = default)
    {
        var body = await ReadBodyAsync(http, MaxSubmitBytes, cancellationToken);
        if (body is null)
        {
            return TooLarge(MaxSubmitBytes);
        }

        var parsed = SubmissionParser.ParseSubmission(body, () => Guid.NewGuid().ToString("N"));
        if (parsed.Request is not { } request)
        {
            return Results.ValidationProblem(parsed.Errors!, title: "The communication request is invalid.");
        }

        var result = await intake.SubmitAsync(request, workflow, cancellationToken);
        var statusUri = StatusUri(http, request.RequestId);
        return result.Disposition switch
        {
            IntakeDisposition.Created => Results.Json(new SubmitAccepted(request.RequestId, CommsStatus.Received, statusUri), CommsJson.Options, statusCode: StatusCodes.Status202Accepted)
                .WithLocation(http, statusUri),
            IntakeDisposition.Refused => Results.ValidationProblem(result.Errors!, title: "The communication request is invalid."),
            IntakeDisposition.Conflict => Results.Problem(
                title: "A different request already has this requestId.",
                detail: $"Request '{request.RequestId}' exists with different content; use a new requestId.",
                statusCode: StatusCodes.Status409Conflict),
            IntakeDisposition.BusinessKeyConflict => Results.Problem(
                title: "A different communication already has this businessKey.",
                detail: $"businessKey '{request.BusinessKey}' is request '{result.Header.RequestId}', with different content.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["requestId"] = result.Header.RequestId }),

            // The same request again, or the same communication under its business key: the first request.
            _ => await GetAsync(result.Header.RequestId, cancellationToken),
        };
    }

    public async Task<IResult> GetAsync(string requestId, CancellationToken cancellationToken = default)
    {
        if (!RequestIds.IsValid(requestId))
        {
            return NotFound("request", requestId);
        }

        var header = await requests.GetAsync(requestId, cancellationToken);
        if (header is null)
        {
            return NotFound("request", requestId);
        }

        var reports = await history.ListAsync(requestId, cancellationToken);
        var detail = await details.GetAsync(requestId, cancellationToken);
        var target = (detail?.Target ?? header.Target)?.Masked();
        var view = new CommsView(
            header.RequestId, header.AccountId, header.CommsType, header.Channel, header.Source, header.Status,
            header.CreatedAt, header.UpdatedAt, header.FailureReason, target,
            reports.Select(r => new HistoryView(r.Status, r.At, r.Source, r.Detail, r.Reference)).ToList(),
            header.Documents, header.Archived, header.WaitingFor, header.WaitUntil, header.LastError, header.ResendOf, header.ResentAs, header.ParentId, TemplateVersion: header.TemplateVersion);
        if (header.Children is { Count: > 0 } ids)
        {
            var children = await Task.WhenAll(ids.Select(async id => await requests.GetAsync(id, cancellationToken) is { } c
                ? new ChildView(id, c.Channel, c.Status, c.FailureReason, c.Target?.Masked())
                : new ChildView(id, null, null, null, null)));
            var started = children.Where(c => c.Status is not null).ToList();
            view = view with
            {
                Children = children,
                Summary = new ChildrenSummary(
                    started.GroupBy(c => c.Status!.Value).ToDictionary(g => g.Key, g => g.Count()),
                    children.Length,
                    // The parent reports its outcome once, when its children are done: any status past processing.
                    CommsStatusRules.Rank(header.Status) > CommsStatusRules.Rank(CommsStatus.Processing)),
            };
        }

        return Results.Json(view, CommsJson.Options);
    }

    public async Task<IResult> ListByAccountAsync(string accountId, HttpRequest http, CancellationToken cancellationToken = default)
    {
        if (!RequestIds.IsValidAccount(accountId))
        {
            return NotFound("account", accountId);
        }

        if (!TryPaging(http, out var pageSize, out var token, out var problem))
        {
            return problem!;
        }

        var page = await requests.ListByAccountAsync(accountId, pageSize, token, cancellationToken);
        return Results.Json(new ItemsPage<CommsSummary>(page.Items.Select(CommsSummary.Of).ToList(), page.ContinuationToken), CommsJson.Options);
    }

    /// <summary>
    /// <c>GET /api/comms?status=failed&amp;from=…&amp;to=…</c>: the requests that reached failed (or undeliverable) in
    /// [from, to), oldest first. <c>to</c> defaults to now and <c>from</c> to a day before <c>to</c>; at most 31 days.
    /// </summary>
    public async Task<IResult> ListByStatusAsync(HttpRequest http, CancellationToken cancellationToken = default)
    {
        if (!TryPaging(http, out var pageSize, out var token, out var problem))
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>();
        var statusText = http.Query["status"].FirstOrDefault();
        var status = statusText switch
        {
            "failed" => CommsStatus.Failed,
            "undeliverable" => CommsStatus.Undeliverable,
            _ => (CommsStatus?)null,
        };
        if (status is null)
        {
            errors["status"] = ["Required: failed or undeliverable."];
        }

        var to = Time(http, "to", errors) ?? time.GetUtcNow();
        var from = Time(http, "from", errors) ?? to.AddDays(-1);
        if (errors.Count == 0 && (to <= from || to - from > TimeSpan.FromDays(31)))
        {
            errors["to"] = ["Must be after from, and at most 31 days after it."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The query is invalid.");
        }

        var page = await requests.ListByStatusAsync(status!.Value, from, to, pageSize, token, cancellationToken);
        return Results.Json(new ItemsPage<CommsSummary>(page.Items.Select(CommsSummary.Of).ToList(), page.ContinuationToken), CommsJson.Options);
    }

    /// <summary>
    /// <c>POST /api/comms/{id}/resend</c>: a failed or undeliverable request sent again as a new, linked request
    /// (<see cref="RequestIds.Resend"/>), made from the original's input; the original keeps its history and gets
    /// <c>resentAs</c>. Repeating the call answers the same resend.
    /// </summary>
    public async Task<IResult> ResendAsync(string requestId, HttpRequest http, IWorkflowClient workflow, CancellationToken cancellationToken = default)
    {
        if (!RequestIds.IsValid(requestId) || await requests.GetAsync(requestId, cancellationToken) is not { } header)
        {
            return NotFound("request", requestId);
        }

        if (header.Status is not (CommsStatus.Failed or CommsStatus.Undeliverable or CommsStatus.Suppressed))
        {
            return Results.Problem(
                title: "Only a failed, undeliverable or suppressed request can be resent.",
                detail: $"Request '{requestId}' is {header.Status.ToString().ToLowerInvariant()}.",
                statusCode: StatusCodes.Status409Conflict);
        }

        if (await workflow.GetRequestAsync(requestId, cancellationToken) is not { } original)
        {
            return Results.Problem(
                title: "The original request is no longer available.",
                detail: $"The input of request '{requestId}' is gone from the durable history; submit a new request instead.",
                statusCode: StatusCodes.Status409Conflict);
        }

        await audit.RecordAsync(Caller.Of(http.HttpContext), AuditActions.Resend, AuditScope.Account(header.AccountId), requestId, null, cancellationToken);

        // A resend stands alone: a resent step of a chain is not a step of it (and the customer's rules apply to it afresh).
        var resend = original with { RequestId = header.ResentAs ?? RequestIds.Resend(requestId), SendAt = null, ParentId = null };
        var result = await intake.SubmitAsync(resend, workflow, resendOf: requestId, cancellationToken);
        if (result.Disposition is IntakeDisposition.Refused or IntakeDisposition.Conflict)
        {
            return Results.Problem(
                title: "The request cannot be resent.",
                detail: result.Errors is { } errors ? string.Join(" ", errors.Values.SelectMany(v => v)) : $"Request '{resend.RequestId}' exists with different content.",
                statusCode: StatusCodes.Status409Conflict);
        }

        await requests.LinkResendAsync(requestId, resend.RequestId, cancellationToken);
        var statusUri = StatusUri(http, resend.RequestId);
        return result.Disposition == IntakeDisposition.Created
            ? Results.Json(new SubmitAccepted(resend.RequestId, CommsStatus.Received, statusUri), CommsJson.Options, statusCode: StatusCodes.Status202Accepted).WithLocation(http, statusUri)
            : await GetAsync(resend.RequestId, cancellationToken);
    }

    /// <summary>A document of a request, recorded in the account's audit log before it is served (README, Audit).</summary>
    public async Task<IResult> GetDocumentAsync(string requestId, string name, HttpRequest http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!RequestIds.IsValid(requestId) || !DocumentNamePattern().IsMatch(name))
        {
            return NotFound("document", name);
        }

        var header = await requests.GetAsync(requestId, cancellationToken);
        var document = header is null ? null : await archive.OpenAsync(header.AccountId, requestId, name, cancellationToken);
        if (document is null)
        {
            return NotFound("document", name);
        }

        try
        {
            await audit.RecordAsync(Caller.Of(http.HttpContext), AuditActions.DocumentView, AuditScope.Account(header!.AccountId), requestId, name, cancellationToken);
        }
        catch
        {
            await document.Content.DisposeAsync();
            throw;
        }

        return Results.Stream(document.Content, document.ContentType);
    }

    public async Task<IResult> GetProfileAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var profile = RequestIds.IsValidAccount(accountId) ? await profiles.GetAsync(accountId, cancellationToken) : null;
        return profile is null ? NotFound("profile", accountId) : Results.Json(profile, CommsJson.Options);
    }

    public async Task<IResult> PutProfileAsync(string accountId, HttpRequest http, CancellationToken cancellationToken = default)
    {
        if (!RequestIds.IsValidAccount(accountId))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["accountId"] = ["Not a valid account id."] });
        }

        var body = await ReadBodyAsync(http, MaxProfileBytes, cancellationToken);
        if (body is null)
        {
            return TooLarge(MaxProfileBytes);
        }

        var (profile, errors) = SubmissionParser.ParseProfile(accountId, body);
        if (profile is null)
        {
            return Results.ValidationProblem(errors!, title: "The profile is invalid.");
        }

        await profiles.PutAsync(profile, cancellationToken);
        return Results.Json(profile, CommsJson.Options);
    }

    public async Task<IResult> ListNotificationsAsync(string accountId, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<OnlineNotification> items = RequestIds.IsValidAccount(accountId)
            ? await inbox.ListAsync(accountId, cancellationToken)
            : [];
        return Results.Json(new ItemsPage<OnlineNotification>(items, null), CommsJson.Options);
    }

    public async Task<IResult> MarkNotificationReadAsync(string accountId, string id, CancellationToken cancellationToken = default)
    {
        if (!RequestIds.IsValidAccount(accountId) || !RequestIds.IsValid(id))
        {
            return NotFound("notification", id);
        }

        var now = time.GetUtcNow();
        var notification = await inbox.MarkReadAsync(accountId, id, now, cancellationToken);
        if (notification is null)
        {
            return NotFound("notification", id);
        }

        await recorder.RecordAsync(
            new StatusReport(notification.RequestId, CommsStatus.Read, notification.ReadAt ?? now, "online", "read in the in-app inbox", RequestIds.OnlineRead),
            cancellationToken);
        return Results.Json(notification, CommsJson.Options);
    }

    public async Task<IResult> ListRejectedAsync(HttpRequest http, CancellationToken cancellationToken = default)
    {
        if (!TryPaging(http, out var pageSize, out var token, out var problem))
        {
            return problem!;
        }

        var page = await rejected.ListAsync(pageSize, token, cancellationToken);
        return Results.Json(new ItemsPage<RejectedMessage>(page.Items, page.ContinuationToken), CommsJson.Options);
    }

    /// <summary><c>GET /api/health</c>: 200 once storage answers and the durable worker is connected, else 503.</summary>
    public async Task<IResult> HealthAsync(bool durableReady, CancellationToken cancellationToken = default)
    {
        var storageReady = await storage.IsReachableAsync(cancellationToken);
        var healthy = storageReady && durableReady;
        return Results.Json(
            new HealthView(healthy ? "healthy" : "unhealthy", storageReady, durableReady),
            CommsJson.Options,
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Reads the body up to <paramref name="limit"/> bytes; null when it is longer.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest http, int limit, CancellationToken cancellationToken)
    {
        if (http.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    internal static IResult TooLarge(int limit) => Results.Problem(
        title: "The body is too large.",
        detail: $"At most {limit / 1024} KB is accepted.",
        statusCode: StatusCodes.Status413PayloadTooLarge);

    internal static IResult NotFound(string what, string id) => Results.Problem(
        title: $"No such {what}.",
        detail: $"There is no {what} '{Truncate(id)}'.",
        statusCode: StatusCodes.Status404NotFound);

    private static string Truncate(string s) => s.Length <= 100 ? s : s[..100] + "…";

    internal static bool TryPaging(HttpRequest http, out int pageSize, out string? token, out IResult? problem)
    {
        pageSize = DefaultPageSize;
        token = http.Query["continuationToken"].FirstOrDefault();
        problem = null;
        var size = http.Query["pageSize"].FirstOrDefault();
        if (size is not null && (!int.TryParse(size, out pageSize) || pageSize < 1 || pageSize > MaxPageSize))
        {
            problem = Results.ValidationProblem(new Dictionary<string, string[]> { ["pageSize"] = [$"Must be a whole number from 1 to {MaxPageSize}."] });
            return false;
        }

        if (token is { Length: > 2048 })
        {
            problem = Results.ValidationProblem(new Dictionary<string, string[]> { ["continuationToken"] = ["Too long."] });
            return false;
        }

        return true;
    }

    /// <summary>An ISO 8601 time with an offset from the query, or null when absent (an error when unreadable).</summary>
    private static DateTimeOffset? Time(HttpRequest http, string name, Dictionary<string, string[]> errors)
    {
        var text = http.Query[name].FirstOrDefault();
        if (text is null)
        {
            return null;
        }

        if (text.Length <= 40 && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at)
            && at.Year is >= 2000 and <= 9998)
        {
            return at;
        }

        errors[name] = ["Must be an ISO 8601 time, like 2026-11-30T00:00:00Z."];
        return null;
    }

    private static string StatusUri(HttpRequest http, string requestId) =>
        $"{http.Scheme}://{http.Host}{http.PathBase}/api/comms/{Uri.EscapeDataString(requestId)}";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex DocumentNamePattern();
}
