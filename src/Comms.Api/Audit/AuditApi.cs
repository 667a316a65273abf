using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Microsoft.AspNetCore.Http;

namespace Comms.Api.Audit;

/// <summary>
/// The audit trail (README, Audit): the handlers that view, resend, cancel or change something append an entry with
/// their <see cref="Caller"/> before they act, and <c>GET /api/audit</c> (admin keys only) lists a scope's entries.
/// </summary>
public sealed class AuditApi(IAuditLog log, TimeProvider time)
{
    /// <summary>
    /// Appends the entry before the action: if storage refuses it, this throws a storage fault and the route answers
    /// 503 without acting (StorageFaults), so nothing is done unrecorded. An entry may stand for an action that then
    /// did nothing (a cancel that came too late), never the other way round.
    /// </summary>
    public Task RecordAsync(Caller caller, string action, AuditScope scope, string target, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return log.AppendAsync(new AuditEntry(time.GetUtcNow(), action, caller.KeyName, caller.Role, scope, target, detail), cancellationToken);
    }

    /// <summary>
    /// <c>GET /api/audit?accountId=…</c> (or exactly one of <c>commsType</c>, <c>batchId</c>, <c>cancellationKey</c>):
    /// a page of that scope's entries, newest first, with <c>pageSize</c> and <c>continuationToken</c> as the other lists.
    /// </summary>
    public async Task<IResult> ListAsync(HttpRequest http, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var given = new (string Name, Func<string, AuditScope> Scope, Func<string, bool> Valid)[]
            {
                ("accountId", AuditScope.Account, RequestIds.IsValidAccount),
                ("commsType", AuditScope.Templates, RequestIds.IsValidCommsType),
                ("batchId", AuditScope.Batch, RequestIds.IsValidBatch),
                ("cancellationKey", AuditScope.CancellationKey, RequestIds.IsValidAccount),
            }
            .Select(p => (p.Name, p.Scope, p.Valid, Value: http.Query[p.Name].FirstOrDefault()))
            .Where(p => p.Value is not null)
            .ToList();
        if (given.Count != 1)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["scope"] = ["Give exactly one of accountId, commsType, batchId, cancellationKey."] },
                title: "The audit query is invalid.");
        }

        var (name, scope, valid, value) = given[0];
        if (!valid(value!))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { [name] = [$"Not a valid {name}."] }, title: "The audit query is invalid.");
        }

        if (!CommsApi.TryPaging(http, out var pageSize, out var token, out var problem))
        {
            return problem!;
        }

        var page = await log.ListAsync(scope(value!), pageSize, token, cancellationToken);
        return Results.Json(new ItemsPage<AuditView>(page.Items.Select(AuditView.Of).ToList(), page.ContinuationToken), CommsJson.Options);
    }
}

/// <summary>One entry of <c>GET /api/audit</c> (openapi.yaml, AuditEntry).</summary>
public sealed record AuditView(DateTimeOffset At, string Action, string KeyName, string Role, string Scope, string ScopeId, string? AccountId, string Target, string? Detail)
{
    public static AuditView Of(AuditEntry e) => new(e.At, e.Action, e.KeyName, e.Role, e.Scope.Kind, e.Scope.Id, e.AccountId, e.Target, e.Detail);
}
