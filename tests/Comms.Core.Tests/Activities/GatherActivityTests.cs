using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Moq;

namespace Comms.Core.Tests.Activities;

/// <summary>Gather: the target from the request, filled from the account's profile; a channel's address is required.</summary>
public class GatherActivityTests
{
    private readonly Mock<IProfileStore> profiles = new();
    private readonly Mock<IDetailStore> details = new();
    private readonly Mock<IWorkStore> work = new();
    private readonly Mock<ITemplateRenderer> renderer = new();

    public GatherActivityTests()
    {
        work.Setup(w => w.PutAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, string name, string type, ReadOnlyMemory<byte> content, CancellationToken _) => new Artefact(name, type, $"{id}/{name}", content.Length, ""));
        renderer.SetupGet(r => r.Version).Returns("v1");
    }

    private GatherActivity Gather => new(profiles.Object, details.Object, work.Object, renderer.Object);

    private static CommsRequest Request(Channel channel, CommsTarget? target = null, string? locale = null) =>
        new("r-1", "ACC-1", "InvoiceReady", channel, target, null, locale, null, CommsSource.Api);

    [Fact]
    public async Task Missing_fields_come_from_the_profile_and_the_detail_is_written()
    {
        profiles.Setup(p => p.GetAsync("ACC-1", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new AccountProfile("ACC-1", "Ada", "ada@example.com", "+447700900123", null, null, null, "fr-FR"));

        var result = await Gather.RunAsync(Request(Channel.Email, new CommsTarget(Name: "Ada Lovelace")));

        Assert.Equal(new CommsTarget("Ada Lovelace", "ada@example.com", "+447700900123"), result.Target);
        Assert.Equal("fr-FR", result.Locale);
        details.Verify(d => d.SaveAsync(It.Is<CommsDetail>(x => x.RequestId == "r-1" && x.Target == result.Target), It.IsAny<CancellationToken>()));
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
}
