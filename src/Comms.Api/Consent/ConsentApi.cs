using System.Net;
using Comms.Core.Consent;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Microsoft.AspNetCore.Http;

namespace Comms.Api.Consent;

/// <summary>
/// Consent on the wire (README, Consent and preferences): <c>GET/PUT /api/accounts/{accountId}/preferences</c> for the
/// billing platform, and the one-click unsubscribe link of RFC 8058 for recipients (<c>/api/unsubscribe/{token}</c>,
/// anonymous: the signed token is the authority). A GET of the link only shows a button; the POST records the opt-out.
/// </summary>
public sealed class ConsentApi(IConsentStore consent, UnsubscribeLinks links, Audit.AuditApi audit, TimeProvider time)
{
    public const int MaxPreferencesBytes = 16 * 1024;
    public const int MaxUnsubscribeBytes = 1024;
    public const int HistoryShown = 100;

    public async Task<IResult> GetPreferencesAsync(string accountId, CancellationToken cancellationToken = default)
    {
        if (!RequestIds.IsValidAccount(accountId))
        {
            return InvalidAccount();
        }

        return Results.Json(await ViewAsync(accountId, cancellationToken), CommsJson.Options);
    }

    public async Task<IResult> PutPreferencesAsync(string accountId, HttpRequest http, CancellationToken cancellationToken = default)
    {
        if (!RequestIds.IsValidAccount(accountId))
        {
            return InvalidAccount();
        }

        var body = await CommsApi.ReadBodyAsync(http, MaxPreferencesBytes, cancellationToken);
        if (body is null)
        {
            return CommsApi.TooLarge(MaxPreferencesBytes);
        }

        var (preferences, errors) = PreferencesParser.Parse(body, time.GetUtcNow());
        if (preferences is null)
        {
            return Results.ValidationProblem(errors!, title: "The preferences are invalid.");
        }

        await audit.RecordAsync(
            Caller.Of(http.HttpContext), AuditActions.PreferencesChange, AuditScope.Account(accountId), accountId,
            string.Join(", ", preferences.Select(p => $"{p.Category}/{p.Channel}={(p.OptedIn ? "in" : "out")}")), cancellationToken);
        await consent.SetPreferencesAsync(accountId, preferences, cancellationToken);
        return Results.Json(await ViewAsync(accountId, cancellationToken), CommsJson.Options);
    }

    /// <summary>The link opened in a browser: a page with one button, so that a mail scanner following links unsubscribes nobody.</summary>
    public IResult UnsubscribePage(string token)
    {
        if (links.Check(token, out var problem) is not { } claim)
        {
            return Page(HttpStatusCode.BadRequest, "This unsubscribe link cannot be used", problem!, null);
        }

        return Page(HttpStatusCode.OK, "Unsubscribe", $"Stop e-mails about {claim.Category}?", token);
    }

    /// <summary>The one-click POST (RFC 8058: body <c>List-Unsubscribe=One-Click</c>) or the page's button: records the opt-out.</summary>
    public async Task<IResult> UnsubscribeAsync(string token, HttpRequest http, CancellationToken cancellationToken = default)
    {
        if (await CommsApi.ReadBodyAsync(http, MaxUnsubscribeBytes, cancellationToken) is null)
        {
            return CommsApi.TooLarge(MaxUnsubscribeBytes);
        }

        if (links.Check(token, out var problem) is not { } claim)
        {
            return Page(HttpStatusCode.BadRequest, "This unsubscribe link cannot be used", problem!, null);
        }

        await audit.RecordAsync(Caller.Recipient, AuditActions.Unsubscribe, AuditScope.Account(claim.AccountId), claim.AccountId, $"{claim.Category}/{Channel.Email.WireName()}=out", cancellationToken);
        var evidence = new ConsentEvidence(time.GetUtcNow(), "unsubscribeLink", "recipient", Detail: $"List-Unsubscribe link for {claim.Category}");
        await consent.SetPreferencesAsync(claim.AccountId, [new Preference(claim.Category, Channel.Email.WireName(), false, evidence)], cancellationToken);
        return Page(HttpStatusCode.OK, "Unsubscribed", $"You will get no more e-mails about {claim.Category}. Notices the law requires still reach you.", null);
    }

    private async Task<PreferencesView> ViewAsync(string accountId, CancellationToken cancellationToken)
    {
        var preferences = await consent.GetPreferencesAsync(accountId, cancellationToken);
        var history = await consent.GetHistoryAsync(accountId, HistoryShown, cancellationToken);
        return new PreferencesView(
            accountId,
            ConsentCategories.All.ToDictionary(c => c, ConsentCategories.AllowedByDefault),
            [.. preferences.OrderBy(p => p.Category, StringComparer.Ordinal).ThenBy(p => p.Channel, StringComparer.Ordinal)],
            history);
    }

    private static IResult InvalidAccount() =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["accountId"] = ["Not a valid account id."] });

    private static HtmlResult Page(HttpStatusCode status, string title, string message, string? token)
    {
        var form = token is null
            ? ""
            : $"""<form method="post" action="{WebUtility.HtmlEncode(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>""";
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{WebUtility.HtmlEncode(title)}</title></head>
            <body><main><h1>{WebUtility.HtmlEncode(title)}</h1><p>{WebUtility.HtmlEncode(message)}</p>{form}</main></body></html>
            """;
        return new HtmlResult(html, (int)status);
    }

    /// <summary>A small HTML page with a strict content security policy (no script, no outside content).</summary>
    private sealed class HtmlResult(string html, int status) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            httpContext.Response.Headers.ContentSecurityPolicy = "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
            httpContext.Response.Headers.XContentTypeOptions = "nosniff";
            return httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}

/// <summary>An account's consent: each category's default, the current preferences, and the latest history (newest first).</summary>
public sealed record PreferencesView(string AccountId, IReadOnlyDictionary<string, bool> Defaults, IReadOnlyList<Preference> Preferences, IReadOnlyList<ConsentHistoryEntry> History);
