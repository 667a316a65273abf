using Azure.Storage.Blobs;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Infrastructure.Channels.Email;
using Comms.Infrastructure.Channels.Sms;
using Comms.Infrastructure.Providers.Acs;
using Comms.Infrastructure.Providers.ExternalWebhook;
using Comms.Infrastructure.Providers.NotificationHubs;
using Comms.Infrastructure.Providers.OnlineInbox;
using Comms.Infrastructure.Providers.Sandbox;
using Comms.Infrastructure.Providers.Smtp;
using Comms.Infrastructure.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Comms.Infrastructure.Tests.Channels;

public sealed class ChannelRegistrationTests
{
    [Fact]
    public void Smtp_provider_sends_email_over_smtp()
    {
        using var services = Build(new()
        {
            ["Comms:Email:Provider"] = "Smtp",
            ["Comms:Email:From"] = "billing@comms.test",
            ["Comms:Smtp:Host"] = "smtp.comms.test",
            ["Comms:Smtp:Port"] = "2525",
            ["Comms:Smtp:Security"] = "None",
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<SmtpEmailSender>(SenderFor(services, Channel.Email));
        var smtp = services.GetRequiredService<IOptions<SmtpOptions>>().Value;
        Assert.Equal(("smtp.comms.test", 2525, SmtpSecurity.None), (smtp.Host, smtp.Port, smtp.Security));
    }

    [Fact]
    public void Every_channel_defaults_to_sandbox_except_online()
    {
        using var services = Build([]);

        foreach (var channel in Enum.GetValues<Channel>().Where(c => c != Channel.Online))
        {
            var sender = Assert.IsType<SandboxSender>(SenderFor(services, channel));
            Assert.Equal(channel, sender.Channel);
        }

        Assert.IsType<OnlineInboxSender>(SenderFor(services, Channel.Online));
    }

    [Fact]
    public void Providers_match_in_any_case()
    {
        using var services = Build(new() { ["Comms:Email:Provider"] = "sandbox", ["Comms:Sms:Provider"] = "SANDBOX" });

        Assert.IsType<SandboxSender>(SenderFor(services, Channel.Email));
    }

    [Theory]
    [InlineData("Comms:Email:Provider", "Pigeon", "not a provider")]
    [InlineData("Comms:Sms:Provider", "Carrier", "not a provider")]
    [InlineData("Comms:Push:Provider", "Firebase", "not a provider")]
    [InlineData("Comms:Sms:Provider", "Acs", "Comms:Acs:ConnectionString")]
    [InlineData("Comms:Email:Provider", "Acs", "Comms:Acs:ConnectionString")]
    [InlineData("Comms:Push:Provider", "NotificationHubs", "Comms:NotificationHubs:HubName")]
    [InlineData("Comms:Letter:Delivery", "Pigeon", "not a provider")]
    public void An_unavailable_provider_fails_at_startup(string key, string value, string reason)
    {
        var e = Assert.ThrowsAny<Exception>(() => Build(new() { [key] = value }));
        Assert.True(e is InvalidOperationException or OptionsValidationException, e.ToString());

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_providers_are_chosen_by_the_contract_keys()
    {
        using var services = Build(new()
        {
            ["Comms:Email:Provider"] = "Acs",
            ["Comms:Email:From"] = "billing@comms.test",
            ["Comms:Sms:Provider"] = "acs",
            ["Comms:Sms:From"] = "+18005550100",
            ["Comms:Acs:ConnectionString"] = "endpoint=http://127.0.0.1:10500/;accesskey=c2VjcmV0",
            ["Comms:Push:Provider"] = "NotificationHubs",
            ["Comms:NotificationHubs:ConnectionString"] = "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Full;SharedAccessKey=k",
            ["Comms:NotificationHubs:HubName"] = "hub",
            ["Comms:External:Systems:crm:Url"] = "http://127.0.0.1:10501/hooks",
            ["Comms:External:Systems:crm:Secret"] = "whsec_c2VjcmV0",
        });

        services.GetRequiredService<IStartupValidator>().Validate();
        Assert.IsType<AcsEmailSender>(SenderFor(services, Channel.Email));
        Assert.IsType<AcsSmsSender>(SenderFor(services, Channel.Sms));
        Assert.IsType<NotificationHubsSender>(SenderFor(services, Channel.PushToHandset));
        Assert.IsType<ExternalWebhookSender>(SenderFor(services, Channel.PushToExternal));
    }

    [Fact]
    public void External_systems_can_be_kept_in_sandbox()
    {
        using var services = Build(new()
        {
            ["Comms:External:Provider"] = "Sandbox",
            ["Comms:External:Systems:crm:Url"] = "http://127.0.0.1:10501/hooks",
            ["Comms:External:Systems:crm:Secret"] = "whsec_c2VjcmV0",
        });

        Assert.IsType<SandboxSender>(SenderFor(services, Channel.PushToExternal));
    }

    [Fact]
    public void Acs_sms_without_a_sender_fails_validation_at_startup()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Build(new() { ["Comms:Sms:Provider"] = "Acs", ["Comms:Acs:ConnectionString"] = "endpoint=https://x.communication.azure.com/;accesskey=c2VjcmV0" }));

        Assert.Contains("Comms:Sms:From", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Letters_over_sftp_without_a_pinned_host_key_fail_at_startup()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Build(new()
        {
            ["Comms:Letter:Delivery"] = "Sftp",
            ["Comms:Sftp:PrintHouse:Host"] = "127.0.0.1",
            ["Comms:Sftp:PrintHouse:UserName"] = "print",
            ["Comms:Sftp:PrintHouse:Password"] = "secret",
        }));

        Assert.Contains("Comms:Sftp:PrintHouse:HostKeySha256", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sftp")]
    [InlineData("Blob")]
    public void Letters_go_to_the_print_house(string delivery)
    {
        using var services = Build(new()
        {
            ["Comms:Letter:Delivery"] = delivery,
            ["Comms:Sftp:PrintHouse:Host"] = "127.0.0.1",
            ["Comms:Sftp:PrintHouse:UserName"] = "print",
            ["Comms:Sftp:PrintHouse:PrivateKeyPath"] = "/keys/print",
            ["Comms:Sftp:PrintHouse:HostKeySha256"] = "SHA256:" + new string('A', 43),
        });

        Assert.IsType<Comms.Infrastructure.Providers.PrintHouse.PrintHouseSender>(SenderFor(services, Channel.Letter));
        Assert.IsType<Comms.Infrastructure.Pdf.ChromiumPdfRenderer>(services.GetRequiredService<IPdfRenderer>());
    }

    [Fact]
    public void Smtp_without_a_host_fails_validation_at_startup()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Build(new() { ["Comms:Email:Provider"] = "Smtp", ["Comms:Email:From"] = "billing@comms.test" }));

        Assert.Contains("Comms:Smtp:Host", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_renderer_is_one_for_the_process()
    {
        using var services = Build([]);

        var renderer = Assert.IsType<RazorTemplateRenderer>(services.GetRequiredService<ITemplateRenderer>());
        Assert.Same(renderer, services.GetRequiredService<ITemplateRenderer>());
    }

    private static IMessageSender SenderFor(IServiceProvider services, Channel channel) =>
        Assert.Single(services.GetServices<IMessageSender>(), s => s.Channel == channel);

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton(new BlobServiceClient("UseDevelopmentStorage=true"))
            .AddSingleton<INotificationInbox, InMemoryNotificationInbox>()
            .AddCommsRendering(configuration)
            .AddCommsChannels(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // What a host does when it starts: settings with ValidateOnStart are checked here.
        provider.GetService<IStartupValidator>()?.Validate();
        return provider;
    }
}
