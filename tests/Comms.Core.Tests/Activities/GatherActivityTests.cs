using System.Text;
using System.Text.Json.Nodes;
using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Moq;

namespace Comms.Core.Tests.Activities;

/// <summary>
/// Gather: the target from the request, filled from the account's data; a channel's address is required; the account's
/// fields under the request's data; the account's time zone passed on.
/// </summary>
public class GatherActivityTests
{
    private readonly Mock<IAccountData> accounts = new();
    private readonly List<string> mergeFields = [];
    private readonly Mock<IDetailStore> details = new();
    private readonly Mock<IWorkStore> work = new();
    private readonly Mock<ITemplateRenderer> renderer = new();

    public GatherActivityTests()
    {
        work.Setup(w => w.PutAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, string name, string type, ReadOnlyMemory<byte> content, CancellationToken _) =>
            {
                if (name == "merge-fields.json")
                {
                    mergeFields.Add(Encoding.UTF8.GetString(content.Span));
                }

                return new Artefact(name, type, $"{id}/{name}", content.Length, "");
            });
        renderer.SetupGet(r => r.Version).Returns("v1");
    }

    private Comms.Core.Pacing.QuietHoursOptions quietHours = new();
    private TimeProvider time = TimeProvider.System;

    private GatherActivity Gather => new(accounts.Object, details.Object, work.Object, renderer.Object,
        Microsoft.Extensions.Options.Options.Create(quietHours), Microsoft.Extensions.Options.Options.Create(new Comms.Core.Consent.CommsTypeCatalogue
        {
            Types = { ["Outage"] = new() { Category = "service", Urgent = true } },
        }), time);

    [Theory]
    [InlineData("PaymentReminder", "Europe/London", null, "2026-12-01T08:00:00Z")] // 22:30 GMT → 08:00 GMT
    [InlineData("PaymentReminder", null, "America/New_York", "2026-12-01T13:00:00Z")] // 17:30 EST is inside: see below
    [InlineData("Outage", "Europe/London", null, null)] // urgent: at once
    [InlineData("PaymentReminder", null, null, null)] // no zone to place the window in
    public async Task An_sms_outside_the_recipients_window_is_told_when_it_opens(string commsType, string? accountZone, string? defaultZone, string? opens)
    {
        time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 22, 30, 0, TimeSpan.Zero));
        quietHours = new Comms.Core.Pacing.QuietHoursOptions { DefaultTimeZone = defaultZone, Channels = { ["sms"] = new() { Start = new TimeOnly(8, 0), End = new TimeOnly(21, 0) } } };
        if (defaultZone == "America/New_York")
        {
            // 22:30 UTC is 17:30 in New York: inside its window, so the request goes at once.
            opens = null;
        }

        accounts.Setup(a => a.GetAsync("ACC-1", It.IsAny<CancellationToken>())).ReturnsAsync(new AccountProfile("ACC-1", "Ada", null, "+447700900123", null, null, null, null, accountZone));
        var result = await Gather.RunAsync(Request(Channel.Sms) with { CommsType = commsType });

        Assert.Equal(opens is null ? null : DateTimeOffset.Parse(opens, System.Globalization.CultureInfo.InvariantCulture), result.QuietUntil);
        Assert.Null((await Gather.RunAsync(Request(Channel.Email, new CommsTarget(Email: "a@example.com")))).QuietUntil);
    }

    private static CommsRequest Request(Channel channel, CommsTarget? target = null, string? locale = null, JsonObject? data = null) =>
        new("r-1", "ACC-1", "InvoiceReady", channel, target, data, locale, null, CommsSource.Api);

    [Fact]
    public async Task Missing_fields_come_from_the_profile_and_the_detail_is_written()
    {
        accounts.Setup(p => p.GetAsync("ACC-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccountProfile("ACC-1", "Ada", "ada@example.com", "+447700900123", null, null, null, "fr-FR"));

        var result = await Gather.RunAsync(Request(Channel.Email, new CommsTarget(Name: "Ada Lovelace")));

        Assert.Equal(new CommsTarget("Ada Lovelace", "ada@example.com", "+447700900123"), result.Target);
        Assert.Equal("fr-FR", result.Locale);
        details.Verify(d => d.SaveAsync(It.Is<CommsDetail>(x => x.RequestId == "r-1" && x.Target == result.Target), It.IsAny<CancellationToken>()));
    }

    [Fact]
    public async Task Gather_records_processing_itself_first_and_a_retry_records_the_same_report()
    {
        var history = new Mock<IStatusHistory>();
        var requests = new Mock<IRequestStore>();
        requests.Setup(r => r.AdvanceStatusAsync("r-1", It.IsAny<CommsStatus>(), It.IsAny<DateTimeOffset>(), It.IsAny<string?>(), It.IsAny<IReadOnlyList<DocumentRef>?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StatusAdvance(true, null));
        var recorder = new StatusRecorder(history.Object, requests.Object, Mock.Of<IStatusCallbacks>(), Mock.Of<IBatchStore>(), new Comms.Testing.Fakes.MemoryConsentStore(), details.Object, Mock.Of<ISearchIndex>());
        var gather = new GatherActivity(accounts.Object, details.Object, work.Object, renderer.Object,
            Microsoft.Extensions.Options.Options.Create(quietHours), Microsoft.Extensions.Options.Options.Create(new Comms.Core.Consent.CommsTypeCatalogue()), time, recorder: recorder);
        accounts.Setup(a => a.GetAsync("ACC-1", It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("CMP is slow"));

        await Assert.ThrowsAsync<TimeoutException>(() => gather.RunAsync(Request(Channel.Email, new CommsTarget("Ada", "ada@example.com"))));
        accounts.Setup(a => a.GetAsync("ACC-1", It.IsAny<CancellationToken>())).ReturnsAsync((AccountProfile?)null);
        await gather.RunAsync(Request(Channel.Email, new CommsTarget("Ada", "ada@example.com")));

        history.Verify(h => h.AppendAsync(It.Is<StatusReport>(r => r.RequestId == "r-1" && r.Status == CommsStatus.Processing && r.ReportId == "pipeline-processing"), It.IsAny<CancellationToken>()), Times.Exactly(2));
        requests.Verify(r => r.AdvanceStatusAsync("r-1", CommsStatus.Processing, It.IsAny<DateTimeOffset>(), null, It.IsAny<IReadOnlyList<DocumentRef>?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Theory]
    [InlineData(Channel.Email, "an email address")]
    [InlineData(Channel.Sms, "a phone number")]
    [InlineData(Channel.Letter, "a postal address")]
    [InlineData(Channel.PushToHandset, "an installation id")]
    [InlineData(Channel.PushToExternal, "an external system")]
    public async Task A_channel_without_its_address_fails_for_good_naming_it(Channel channel, string address)
    {
        var e = await Assert.ThrowsAsync<PermanentSendException>(() => Gather.RunAsync(Request(channel)));

        Assert.Contains(address, e.Message, StringComparison.Ordinal);
        Assert.Contains(channel.WireName(), e.Message, StringComparison.Ordinal);
        details.Verify(d => d.SaveAsync(It.IsAny<CommsDetail>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task The_online_channel_needs_no_address_and_the_locale_defaults()
    {
        var result = await Gather.RunAsync(Request(Channel.Online));

        Assert.Equal(GatherActivity.DefaultLocale, result.Locale);
    }

    [Fact]
    public async Task The_accounts_fields_lie_under_the_requests_data_which_wins_per_top_level_key()
    {
        var fields = JsonNode.Parse("""{"tariff":"Green","invoiceNumber":"FROM-CMP","address":{"city":"Leeds","postcode":"LS1"}}""")!.AsObject();
        accounts.Setup(p => p.GetAsync("ACC-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccountProfile("ACC-1", null, null, null, null, null, null, null, Fields: fields));
        var data = JsonNode.Parse("""{"invoiceNumber":"INV-1","address":{"city":"York"}}""")!.AsObject();

        var result = await Gather.RunAsync(Request(Channel.Online, data: data));

        Assert.Equal("""{"tariff":"Green","invoiceNumber":"INV-1","address":{"city":"York"}}""", Assert.Single(mergeFields));
        Assert.Equal("r-1/merge-fields.json", result.MergeFields);
        Assert.Equal("""{"tariff":"Green","invoiceNumber":"FROM-CMP","address":{"city":"Leeds","postcode":"LS1"}}""", fields.ToJsonString());
        Assert.Equal("""{"invoiceNumber":"INV-1","address":{"city":"York"}}""", data.ToJsonString());
    }

    [Fact]
    public async Task The_accounts_time_zone_is_passed_on()
    {
        accounts.Setup(p => p.GetAsync("ACC-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccountProfile("ACC-1", null, "ada@example.com", null, null, null, null, null, TimeZone: "America/New_York"));

        var result = await Gather.RunAsync(Request(Channel.Email));

        Assert.Equal("America/New_York", result.TimeZone);
        Assert.Equal("ada@example.com", result.Target.Email);
    }

    [Fact]
    public async Task Without_account_data_the_target_and_merge_fields_are_the_requests_own()
    {
        accounts.Setup(p => p.GetAsync("ACC-1", It.IsAny<CancellationToken>())).ReturnsAsync((AccountProfile?)null);

        var result = await Gather.RunAsync(Request(Channel.Sms, new CommsTarget(Phone: "+447700900123"), data: new JsonObject { ["amountDue"] = 42.5m }));

        Assert.Equal(new CommsTarget(Phone: "+447700900123"), result.Target);
        Assert.Null(result.TimeZone);
        Assert.Equal(GatherActivity.DefaultLocale, result.Locale);
        Assert.Empty(mergeFields);
        Assert.Null(result.MergeFields);
        details.Verify(d => d.SaveAsync(It.Is<CommsDetail>(x => x.MergeFieldsBlob == ""), It.IsAny<CancellationToken>()));
    }
}
