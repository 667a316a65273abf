using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Search;
using Comms.Core.Text;
using Microsoft.AspNetCore.Http;

namespace Comms.Api.Agent;

/// <summary>
/// <c>GET /api/search?q=…</c> for the agent page (README, The agent page): the requests a term finds, as an account id
/// (the account's latest request), a request id (both exactly as written), or through the search index
/// (<see cref="ISearchIndex"/>: an invoice number, a business key or a provider's message id, in any case). Newest first.
/// </summary>
public sealed class AgentApi(IRequestStore requests, ISearchIndex search)
{
    /// <summary>The most matches one search answers: a term that finds more is too broad for an agent's list.</summary>
    public const int MaxMatches = 50;

    public async Task<IResult> SearchAsync(HttpRequest http, CancellationToken cancellationToken = default)
    {
        var q = http.Query["q"].FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(q) || q.Length > SearchTerms.MaxLength)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["q"] = [$"Required: an account id, request id, invoice number or external reference of 1 to {SearchTerms.MaxLength} characters."] },
                title: "The search is invalid.");
        }

        var matches = new List<SearchMatch>();
        if (RequestIds.IsValid(q) && await requests.GetAsync(q, cancellationToken) is { } request)
        {
            matches.Add(SearchMatch.Of(SearchField.RequestId, q, request));
        }

        if (RequestIds.IsValidAccount(q) && (await requests.ListByAccountAsync(q, 1, null, cancellationToken)).Items is [var latest, ..])
        {
            matches.Add(SearchMatch.Of(SearchField.AccountId, q, latest));
        }

        foreach (var entry in await search.FindAsync(q, MaxMatches, cancellationToken))
        {
            matches.Add(new SearchMatch(entry.Field, entry.Term, entry.AccountId, entry.RequestId, entry.CommsType, entry.Channel, entry.CreatedAt));
        }

        var items = matches
            .DistinctBy(m => (m.MatchedOn, m.RequestId))
            .OrderByDescending(m => m.CreatedAt)
            .ThenBy(m => m.RequestId, StringComparer.Ordinal)
            .Take(MaxMatches)
            .ToList();
        return Results.Json(new SearchResults(q, items), CommsJson.Options);
    }
}

/// <summary>The answer of <c>GET /api/search</c>: the trimmed query and its matches, newest first.</summary>
public sealed record SearchResults(string Query, IReadOnlyList<SearchMatch> Items);

/// <summary>One request a search found, and by what.</summary>
/// <param name="Term">The term as the request carried it (for an index match) or as searched.</param>
public sealed record SearchMatch(SearchField MatchedOn, string Term, string AccountId, string RequestId, string CommsType, Channel Channel, DateTimeOffset CreatedAt)
{
    public static SearchMatch Of(SearchField field, string term, RequestHeader h) => new(field, term, h.AccountId, h.RequestId, h.CommsType, h.Channel, h.CreatedAt);
}
