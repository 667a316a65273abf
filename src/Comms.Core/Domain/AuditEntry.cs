namespace Comms.Core.Domain;

/// <summary>
/// What the audit log records (README, Audit). An open set: a new action is a new constant here, and nothing else
/// changes (the table stores the text, <c>GET /api/audit</c> lists it as it is).
/// </summary>
public static class AuditActions
{
    public const string DocumentView = "document.view";
    public const string Resend = "request.resend";
    public const string Cancel = "request.cancel";
    public const string BatchCancel = "batch.cancel";
    public const string CancelByKey = "cancellationKey.cancel";
    public const string PreferencesChange = "preferences.change";
    public const string Unsubscribe = "preferences.unsubscribe";
    public const string TemplatePublish = "template.publish";
    public const string TemplateActivate = "template.activate";
}

/// <summary>
/// Whose log an entry goes in, and the partition it is read from: an account's (the usual one), a comms type's
/// templates (template actions touch no account), a batch's or a cancellation key's (cancels that span accounts).
/// </summary>
public sealed record AuditScope(string Kind, string Id)
{
    public const string AccountKind = "account";
    public const string TemplatesKind = "templates";
    public const string BatchKind = "batch";
    public const string CancellationKeyKind = "cancellationKey";

    public static AuditScope Account(string accountId) => new(AccountKind, accountId);

    public static AuditScope Templates(string commsType) => new(TemplatesKind, commsType);

    public static AuditScope Batch(string batchId) => new(BatchKind, batchId);

    public static AuditScope CancellationKey(string cancellationKey) => new(CancellationKeyKind, cancellationKey);

    /// <summary>One partition per scope: <c>account:ACC-1</c>, <c>templates:InvoiceReady</c>; the kind keeps an account id from ever reading as another scope.</summary>
    public string Partition => Kind + ":" + Id;
}

/// <summary>
/// One audited action: who (the API key's name and role, or <c>recipient</c> for the signed unsubscribe link), when,
/// what (<see cref="AuditActions"/>), in whose log (<see cref="Scope"/>), on what (<see cref="Target"/>: a request id,
/// a document, a batch id, a cancellation key, a template version), and an optional <see cref="Detail"/>.
/// </summary>
public sealed record AuditEntry(DateTimeOffset At, string Action, string KeyName, string Role, AuditScope Scope, string Target, string? Detail = null)
{
    /// <summary>The account the action touched, when its scope is an account.</summary>
    public string? AccountId => Scope.Kind == AuditScope.AccountKind ? Scope.Id : null;
}
