using Comms.Core;
using Comms.Core.Activities;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Workflow;
using Comms.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Comms.Infrastructure.Tests.Workflow;

/// <summary>
/// Proceed (Prepare, Send, Store in one step) on the real parts: the stores on Azurite, the RazorLight renderer, SMTP
/// into MailDev. It goes as far as it can, returns where it stopped, and a run again sends nothing twice.
/// </summary>
public sealed class ProceedActivityTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private MailDev maildev = null!;
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        maildev = await MailDev.SharedAsync();
        connectionString = (await Azurite.SharedAsync()).ConnectionString;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_plain_email_is_prepared_sent_archived_and_recorded_in_one_step_and_a_second_run_sends_nothing()
    {
        await using var services = Services(maildev.SmtpPort);
        var request = await NewRequestAsync(services);

        var first = await services.GetRequiredService<ProceedActivity>().RunAsync(request);
        var second = await services.GetRequiredService<ProceedActivity>().RunAsync(request);

        Assert.Equal((CommsStatus.Sent, "smtp"), (first.Sent!.Reached, first.Sent.Provider));
        Assert.Equal(["subject.txt", "email.html"], first.Stored!.Documents.Select(d => d.Name));
        Assert.Null(first.SendFailure);
        Assert.Null(first.StoreFailure);
        Assert.Equal(first.Sent, second.Sent);
        var header = (await services.GetRequiredService<IRequestStore>().GetAsync(request.RequestId))!;
        Assert.Equal(CommsStatus.Sent, header.Status);
        Assert.Equal(first.Stored.Documents, header.Documents);
        Assert.Null(header.WaitingFor);
        var history = await services.GetRequiredService<IStatusHistory>().ListAsync(request.RequestId);
        Assert.Equal([CommsStatus.Processing, CommsStatus.Sent], history.Select(h => h.Status));
        foreach (var document in first.Stored.Documents)
        {
            Assert.NotNull(await services.GetRequiredService<IArchive>().OpenAsync(request.AccountId, request.RequestId, document.Name));
        }

        await Eventually.Get(async () => (await maildev.MessagesToAsync(request.Target!.Email!)).SingleOrDefault(), Wait, "the e-mail in MailDev");
        Assert.Single(await maildev.MessagesToAsync(request.Target!.Email!));
    }

    [Fact]
    public async Task A_send_that_fails_is_returned_not_thrown_with_what_was_prepared_and_nothing_recorded_as_sent()
    {
        await using var services = Services(FreePort.Next());
        var request = await NewRequestAsync(services);

        var result = await services.GetRequiredService<ProceedActivity>().RunAsync(request);

        Assert.Null(result.Sent);
        Assert.NotNull(result.SendFailure);
        Assert.False(result.SendFailure.Permanent);
        Assert.Equal(2, result.Prepared.Rendered.Artefacts.Count);
        Assert.Equal(CommsStatus.Processing, (await services.GetRequiredService<IRequestStore>().GetAsync(request.RequestId))!.Status);
    }

    [Fact]
    public async Task An_archive_that_fails_leaves_the_send_recorded_without_documents_and_returns_the_failure()
    {
        await using var services = Services(maildev.SmtpPort, s => s.AddSingleton<IArchive, UnreachableArchive>());
        var request = await NewRequestAsync(services);

        var result = await services.GetRequiredService<ProceedActivity>().RunAsync(request);

        Assert.Equal(CommsStatus.Sent, result.Sent!.Reached);
        Assert.Null(result.Stored);
        Assert.Equal(new StepFailure("archive unreachable", false), result.StoreFailure);
        var header = (await services.GetRequiredService<IRequestStore>().GetAsync(request.RequestId))!;
        Assert.Equal(CommsStatus.Sent, header.Status);
        Assert.Empty(header.Documents);
    }

    [Fact]
    public async Task A_request_in_its_recipients_quiet_hours_is_prepared_and_not_sent()
    {
        // A window of one minute, a day's half away from now in UTC: closed now, whatever the time.
        var start = TimeOnly.FromDateTime(DateTime.UtcNow.AddHours(12));
        await using var services = Services(maildev.SmtpPort, settings: new()
        {
            ["Comms:QuietHours:DefaultTimeZone"] = "Etc/UTC",
            ["Comms:QuietHours:Channels:email:Start"] = start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["Comms:QuietHours:Channels:email:End"] = start.AddMinutes(1).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
        });
        var request = await NewRequestAsync(services);

        var result = await services.GetRequiredService<ProceedActivity>().RunAsync(request);

        Assert.NotNull(result.Prepared.Gathered.QuietUntil);
        Assert.Null(result.Sent);
        Assert.Null(result.SendFailure);
        Assert.Empty(await maildev.MessagesToAsync(request.Target!.Email!));
    }

    private ServiceProvider Services(int smtpPort, Action<IServiceCollection>? replace = null, Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = connectionString,
            ["Comms:Email:Provider"] = "Smtp",
            ["Comms:Email:From"] = "billing@comms.test",
            ["Comms:Smtp:Host"] = "127.0.0.1",
            ["Comms:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Comms:Smtp:Security"] = "None",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddCommsCore().AddCommsInfrastructure(configuration);
        replace?.Invoke(services);
        return services.BuildServiceProvider(validateScopes: true);
    }

    private static async Task<CommsRequest> NewRequestAsync(IServiceProvider services)
    {
        var id = "proceed-" + Guid.NewGuid().ToString("N");
        var request = new CommsRequest(
            id, "ACC-" + id, "InvoiceReady", Channel.Email, new CommsTarget("Ada", $"{id}@example.com"),
            System.Text.Json.Nodes.JsonNode.Parse("""{"invoiceNumber":"INV-P1","amountDue":12.5}""")!.AsObject(), "en-GB", null, CommsSource.Api);
        var now = DateTimeOffset.UtcNow;
        await services.GetRequiredService<IRequestStore>().CreateAsync(new RequestHeader(
            id, request.AccountId, request.CommsType, request.Channel, request.Source, CommsStatus.Received, now, now, null, "fp", false, request.Target, []));
        return request;
    }

    private sealed class UnreachableArchive : IArchive
    {
        public Task<DocumentRef> StoreAsync(string accountId, string requestId, string name, string contentType, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
            throw new IOException("archive unreachable");

        public Task<ArchivedDocument?> OpenAsync(string accountId, string requestId, string name, CancellationToken cancellationToken = default) =>
            Task.FromResult<ArchivedDocument?>(null);
    }
}
