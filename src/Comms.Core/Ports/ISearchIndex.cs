using Comms.Core.Domain;
using Comms.Core.Search;

namespace Comms.Core.Ports;

/// <summary>
/// The agent page's search index (<c>CommsSearch</c>, README, The agent page): each term a request can be found by,
/// written as the request arrives (<see cref="Intake.CommsIntake"/>) and once it is sent (the provider's message id,
/// <see cref="Activities.StatusRecorder"/>). Terms are kept as <see cref="SearchTerms.Normalise"/> makes them, so a
/// lookup is one partition read.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Adds the entries; adding one again replaces it (every caller may repeat after a crash).</summary>
    Task AddAsync(IReadOnlyList<SearchEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The entries under the term (exact match after <see cref="SearchTerms.Normalise"/>), at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<SearchEntry>> FindAsync(string term, int max, CancellationToken cancellationToken = default);
}
