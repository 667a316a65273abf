using Comms.Core.Consent;
using Comms.Core.Domain;
using Comms.Testing.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Comms.Core.Tests.Consent;

public class ConsentPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private static readonly CommsTarget Ada = new("Ada", "Ada@Example.com", "+447700900123");
    private readonly MemoryConsentStore store = new();

    private static CommsRequest Request(string type, Channel channel) => new("r-1", "ACC-1", type, channel, Ada, null, null, null, CommsSource.Api);

    private static ConsentEvidence Evidence(int minutes = 0) => new(Now.AddMinutes(minutes), "webForm", "customer", "v3");

    [Theory]
    [InlineData("InvoiceReady", Channel.Email)]
    [InlineData("PaymentReminder", Channel.Sms)]
    [InlineData("AccountClosed", Channel.Letter)]
    [InlineData("SomeUnlistedType", Channel.Email)]
    public async Task With_nothing_recorded_service_categories_are_allowed(string type, Channel channel) =>
        Assert.Null(await store.Policy().SuppressionAsync(Request(type, channel), Ada));

    [Fact]
    public async Task With_nothing_recorded_marketing_is_not_allowed_and_an_opt_in_allows_it()
    {
        var catalogue = new CommsTypeCatalogue { Types = { ["Offer"] = new() { Category = ConsentCategories.Marketing } } };
        var policy = store.Policy(catalogue);
        Assert.Equal("the account has not opted in to marketing on email", await policy.SuppressionAsync(Request("Offer", Channel.Email), Ada));

        await store.SetPreferencesAsync("ACC-1", [new Preference(ConsentCategories.Marketing, "email", true, Evidence())]);
        Assert.Null(await policy.SuppressionAsync(Request("Offer", Channel.Email), Ada));
        Assert.NotNull(await policy.SuppressionAsync(Request("Offer", Channel.Sms), Ada));
    }

    [Fact]
    public async Task A_channel_preference_wins_over_the_category_on_every_channel()
    {
        await store.SetPreferencesAsync("ACC-1", [
            new Preference(ConsentCategories.Collections, ConsentCategories.AnyChannel, false, Evidence()),
            new Preference(ConsentCategories.Collections, "letter", true, Evidence()),
        ]);
        var policy = store.Policy();

        var reason = await policy.SuppressionAsync(Request("PaymentReminder", Channel.Sms), Ada);
        Assert.StartsWith("the account opted out of collections on every channel (webForm by customer", reason);
        Assert.Null(await policy.SuppressionAsync(Request("PaymentReminder", Channel.Letter), Ada));
    }

    [Fact]
    public async Task A_mandatory_type_ignores_preferences_but_not_an_invalid_address_nor_a_stop()
    {
        await store.SetPreferencesAsync("ACC-1", [new Preference(ConsentCategories.Collections, ConsentCategories.AnyChannel, false, Evidence())]);
        var policy = store.Policy();
        Assert.Null(await policy.SuppressionAsync(Request("FinalDemand", Channel.Email), Ada));

        await store.MarkInvalidAsync(ContactAddresses.Email("ada@example.com"), "acs-email: Bounced");
        Assert.Equal("email:ada@example.com is known to be invalid: acs-email: Bounced", await policy.SuppressionAsync(Request("FinalDemand", Channel.Email), Ada));

        await store.SetBlockedAsync(ContactAddresses.Sms("+447700900123"), true, new ConsentEvidence(Now, "smsReply", "+447700900123", Detail: "STOP"));
        Assert.StartsWith("sms:+447700900123 replied STOP", await policy.SuppressionAsync(Request("FinalDemand", Channel.Sms), Ada));
        Assert.Null(await policy.SuppressionAsync(Request("FinalDemand", Channel.Letter), Ada));
    }

    [Fact]
    public async Task Stop_blocks_the_number_for_the_accounts_written_to_and_start_opens_it()
    {
        var sms = new InboundSms(store);
        var policy = store.Policy();
        Assert.Equal("STOP from +447700900123, a number Comms never wrote to; nothing changed.", await sms.HandleAsync("+447700900123", " stop ", Now));

        await policy.RememberRecipientAsync(Request("PaymentReminder", Channel.Sms), Ada);
        Assert.Null(await sms.HandleAsync("+447700900123", "Stop please", Now));
        Assert.NotNull(await policy.SuppressionAsync(Request("PaymentReminder", Channel.Sms), Ada));
        Assert.Null(await policy.SuppressionAsync(Request("PaymentReminder", Channel.Email), Ada));

        Assert.Null(await sms.HandleAsync("+447700900123", "START", Now.AddMinutes(1)));
        Assert.Null(await policy.SuppressionAsync(Request("PaymentReminder", Channel.Sms), Ada));

        var history = await store.GetHistoryAsync("ACC-1", 10);
        Assert.Equal([true, false], history.Select(h => h.OptedIn));
        Assert.All(history, h => Assert.Equal(("smsReply", "+447700900123", "sms:+447700900123"), (h.Evidence.Method, h.Evidence.By, h.Address)));
    }

    [Theory]
    [InlineData("447700900123", "STOP", "is not an E.164 number")]
    [InlineData("+447700900123", "What is my balance?", "is not a STOP or START keyword")]
    [InlineData(null, "STOP", "is not an E.164 number")]
    public async Task Replies_that_cannot_be_used_change_nothing_and_say_why(string? from, string text, string reason)
    {
        await store.RememberRecipientAsync("sms:+447700900123", "ACC-1");
        Assert.Contains(reason, await new InboundSms(store).HandleAsync(from, text, Now));
        Assert.False((await store.GetAddressAsync("sms:+447700900123")).Blocked);
    }

    [Fact]
    public void Unsubscribe_links_are_signed_expire_and_resist_tampering()
    {
        var time = new FakeTimeProvider(Now);
        var options = Options.Create(new ConsentOptions { SigningKey = Convert.ToBase64String(new byte[32]), PublicBaseUrl = new Uri("https://comms.example.com/"), LinkLifetime = TimeSpan.FromDays(1) });
        var links = new UnsubscribeLinks(options, time);

        var headers = links.HeadersFor("ACC-1", "billing");
        Assert.Equal("List-Unsubscribe=One-Click", headers["List-Unsubscribe-Post"]);
        var url = headers["List-Unsubscribe"];
        Assert.StartsWith("<https://comms.example.com/api/unsubscribe/", url);
        var token = url[(url.LastIndexOf('/') + 1)..^1];

        Assert.Equal(new UnsubscribeClaim("ACC-1", "billing", Now.AddDays(1)), links.Check(token, out _));
        var forged = UnsubscribeLinks.Sign(new byte[32].Select(_ => (byte)1).ToArray(), new UnsubscribeClaim("ACC-2", "billing", Now.AddDays(1)));
        Assert.Null(links.Check(forged, out var problem));
        Assert.Contains("signature does not match", problem);
        Assert.Null(links.Check(token[..^2] + "AA", out _));
        Assert.Null(links.Check("nonsense", out _));

        time.Advance(TimeSpan.FromDays(1.5));
        Assert.Null(links.Check(token, out problem));
        Assert.StartsWith("The link expired", problem);
    }

    [Fact]
    public void Without_a_key_no_header_is_added()
    {
        var links = new UnsubscribeLinks(Options.Create(new ConsentOptions { PublicBaseUrl = new Uri("https://comms.example.com") }), TimeProvider.System);
        Assert.Empty(links.HeadersFor("ACC-1", "billing"));
    }

    [Fact]
    public void Mandatory_types_and_other_channels_carry_no_unsubscribe_header()
    {
        var links = new UnsubscribeLinks(Options.Create(new ConsentOptions { SigningKey = Convert.ToBase64String(new byte[32]), PublicBaseUrl = new Uri("https://c.example") }), TimeProvider.System);
        var policy = store.Policy(links: links);
        Assert.NotEmpty(policy.HeadersFor(Request("InvoiceReady", Channel.Email))!);
        Assert.Empty(policy.HeadersFor(Request("FinalDemand", Channel.Email)) ?? new Dictionary<string, string>());
        Assert.Null(policy.HeadersFor(Request("InvoiceReady", Channel.Sms)));
    }

    [Theory]
    [InlineData("""{"preferences":[{"category":"promotions","optedIn":false}],"evidence":{"method":"webForm","by":"customer"}}""", "preferences[0].category")]
    [InlineData("""{"preferences":[{"category":"billing","channel":"fax","optedIn":false}],"evidence":{"method":"webForm","by":"customer"}}""", "preferences[0].channel")]
    [InlineData("""{"preferences":[{"category":"billing","optedIn":"no"}],"evidence":{"method":"webForm","by":"customer"}}""", "preferences[0].optedIn")]
    [InlineData("""{"preferences":[{"category":"billing","optedIn":false}]}""", "evidence")]
    [InlineData("""{"preferences":[{"category":"billing","optedIn":false}],"evidence":{"by":"customer"}}""", "evidence.method")]
    [InlineData("""{"preferences":[{"category":"billing","optedIn":false}],"evidence":{"method":"webForm","by":"customer","at":"2030-01-01T00:00:00Z"}}""", "evidence.at")]
    [InlineData("""{"preferences":[],"evidence":{"method":"webForm","by":"customer"}}""", "preferences")]
    [InlineData("""{"preferences":[{"category":"billing","optedIn":false},{"category":"billing","optedIn":true}],"evidence":{"method":"webForm","by":"customer"}}""", "preferences[1]")]
    [InlineData("""[1]""", "$")]
    public void Bad_preferences_are_refused_naming_the_field(string json, string field)
    {
        var (preferences, errors) = PreferencesParser.Parse(System.Text.Encoding.UTF8.GetBytes(json), Now);
        Assert.Null(preferences);
        Assert.Contains(field, errors!.Keys);
    }

    [Fact]
    public void Good_preferences_carry_their_evidence()
    {
        var (preferences, errors) = PreferencesParser.Parse(
            """{"preferences":[{"category":"marketing","channel":"sms","optedIn":true},{"category":"billing","optedIn":false}],"evidence":{"method":"phone","by":"agent:42","wordingVersion":"mkt-v3","at":"2026-11-29T09:00:00Z"}}"""u8,
            Now);
        Assert.Null(errors);
        var evidence = new ConsentEvidence(new DateTimeOffset(2026, 11, 29, 9, 0, 0, TimeSpan.Zero), "phone", "agent:42", "mkt-v3");
        Assert.Equal([new Preference("marketing", "sms", true, evidence), new Preference("billing", "*", false, evidence)], preferences);
    }

    [Fact]
    public void The_catalogue_refuses_an_unknown_category()
    {
        var catalogue = new CommsTypeCatalogue { Types = { ["Offer"] = new() { Category = "promotions" } } };
        Assert.Contains("'promotions' is not one of billing, collections, service, marketing", catalogue.Problem());
    }
}
