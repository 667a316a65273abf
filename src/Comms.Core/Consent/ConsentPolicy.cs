using Comms.Core.Domain;
using Comms.Core.Ports;
using Microsoft.Extensions.Options;

namespace Comms.Core.Consent;

/// <summary>
/// The customer's rules at the moment of sending (README, Consent and preferences): Send asks this last, after the
/// send ledger's claim, so a STOP or an opt-out that lands while a request waits (a send time, quiet hours, a rate
/// limit) still stops it. In order: an address known to be invalid stops everything; an SMS number that replied STOP
/// stops every SMS; a mandatory type goes regardless of preferences; otherwise the account's latest preference for the
/// category on the channel, else for the category on every channel, else the category's default.
/// </summary>
public sealed class ConsentPolicy(IConsentStore consent, IOptions<CommsTypeCatalogue> catalogueOptions, UnsubscribeLinks links, Templating.TemplateSets? templates = null)
{
    private readonly CommsTypeCatalogue catalogue = catalogueOptions.Value;

    /// <summary>The RFC 8058 one-click unsubscribe headers of a non-mandatory e-mail (none for other channels, mandatory types, or without links configured).</summary>
    public IReadOnlyDictionary<string, string>? HeadersFor(CommsRequest request)
    {
        var type = catalogue.For(request.CommsType, templates?.CachedCatalogue(request));
        return request.Channel == Channel.Email && !type.Mandatory ? links.HeadersFor(request.AccountId, type.Category) : null;
    }

    /// <summary>Remembers the account at the SMS number a message went to: a STOP from that number concerns it.</summary>
    public Task RememberRecipientAsync(CommsRequest request, CommsTarget target, CancellationToken cancellationToken = default) =>
        request.Channel == Channel.Sms && ContactAddresses.Of(request.Channel, target) is { } address
            ? consent.RememberRecipientAsync(address, request.AccountId, cancellationToken)
            : Task.CompletedTask;

    /// <summary>Why the request must not be sent, or null when it may be.</summary>
    public async Task<string?> SuppressionAsync(CommsRequest request, CommsTarget target, CancellationToken cancellationToken = default)
    {
        var type = catalogue.For(request.CommsType, templates is null ? null : await templates.PublishedCatalogueAsync(request, cancellationToken));
        if (ContactAddresses.Of(request.Channel, target) is { } address)
        {
            var state = await consent.GetAddressAsync(address, cancellationToken);
            if (state.InvalidReason is { } invalid)
            {
                return $"{address} is known to be invalid: {invalid}";
            }

            if (state.Blocked)
            {
                return $"{address} replied {state.BlockedBy?.Detail ?? "STOP"} at {state.BlockedBy?.At.UtcDateTime:O}: no SMS goes there until it replies START";
            }
        }

        if (type.Mandatory)
        {
            return null;
        }

        var channel = request.Channel.WireName();
        var preferences = await consent.GetPreferencesAsync(request.AccountId, cancellationToken);
        var chosen = preferences.FirstOrDefault(p => p.Category == type.Category && p.Channel == channel)
            ?? preferences.FirstOrDefault(p => p.Category == type.Category && p.Channel == ConsentCategories.AnyChannel);
        if (chosen is not null)
        {
            return chosen.OptedIn
                ? null
                : $"the account opted out of {type.Category} on {(chosen.Channel == ConsentCategories.AnyChannel ? "every channel" : chosen.Channel)} ({chosen.Evidence.Method} by {chosen.Evidence.By} at {chosen.Evidence.At.UtcDateTime:O})";
        }

        return ConsentCategories.AllowedByDefault(type.Category)
            ? null
            : $"the account has not opted in to {type.Category} on {channel}";
    }
}
