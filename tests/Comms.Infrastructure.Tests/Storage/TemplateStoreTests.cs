using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Comms.Core.Consent;
using Comms.Core.Ports;
using Comms.Core.Templating;
using Comms.Infrastructure.Storage;

namespace Comms.Infrastructure.Tests.Storage;

/// <summary><c>comms-templates</c> on Azurite: numbered, immutable versions and the active one (README, Template versions).</summary>
public sealed class TemplateStoreTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private ITemplateStore Store => fixture.Get<ITemplateStore>();

    private static PublishedTemplates Draft(string type, string subject) => new(
        type, 0, T0, "admin-1",
        new Dictionary<string, string> { ["email.subject.cshtml"] = subject, ["cy/email.subject.cshtml"] = "cy " + subject },
        new JsonObject { ["ref"] = "R-1" },
        [new TemplateCheck("sms", "default", 1, "gsm7")],
        new CommsTypeInfo("service", Urgent: true));

    [Fact]
    public async Task Versions_are_numbered_in_order_even_when_published_at_once_and_read_back_whole()
    {
        var type = "T" + Guid.NewGuid().ToString("N")[..12];
        var first = await Store.AddAsync(Draft(type, "one"));
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Store.AddAsync(Draft(type, $"race {i}"))));

        Assert.Equal(1, first.Version);
        Assert.Equal([2, 3, 4, 5], racing.Select(v => v.Version).Order());
        var read = await Store.GetAsync(type, 1);
        Assert.NotNull(read);
        Assert.Equal("cy one", read.Files["cy/email.subject.cshtml"]);
        Assert.Equal("R-1", read.SampleData["ref"]!.GetValue<string>());
        Assert.Equal(new CommsTypeInfo("service", Urgent: true), read.Catalogue);
        Assert.Equal(new TemplateCheck("sms", "default", 1, "gsm7"), Assert.Single(read.Report));
        Assert.Equal([1, 2, 3, 4, 5], (await Store.ListAsync(type)).Select(v => v.Version));
        Assert.Null(await Store.GetAsync(type, 6));
        Assert.Empty(await Store.ListAsync("T" + Guid.NewGuid().ToString("N")[..12]));
    }

    [Fact]
    public async Task The_active_version_is_none_until_set_and_then_the_last_set()
    {
        var type = "T" + Guid.NewGuid().ToString("N")[..12];
        Assert.Null(await Store.GetActiveAsync(type));

        await Store.SetActiveAsync(new ActiveTemplates(type, 2, T0, "admin-1"));
        await Store.SetActiveAsync(new ActiveTemplates(type, null, T0.AddMinutes(1), "admin-2"));

        Assert.Equal(new ActiveTemplates(type, null, T0.AddMinutes(1), "admin-2"), await Store.GetActiveAsync(type));
    }

    [Fact]
    public async Task Callers_asking_for_the_active_version_while_it_is_read_share_that_one_read()
    {
        var reads = new HeldReads("/active.json");
        var options = new BlobClientOptions();
        options.AddPolicy(reads, HttpPipelinePosition.PerCall);
        var store = new BlobTemplateStore(new StorageInitializer(new TableServiceClient(fixture.ConnectionString), new BlobServiceClient(fixture.ConnectionString, options)));
        var type = "T" + Guid.NewGuid().ToString("N")[..12];
        await store.SetActiveAsync(new ActiveTemplates(type, 3, T0, "admin-1"));

        // The first read is held at the storage client until all 20 have asked: a burst of requests, as intake sees one.
        var asked = Enumerable.Range(0, 20).Select(_ => store.GetActiveAsync(type)).ToList();
        await reads.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        reads.Release.SetResult();
        var answers = await Task.WhenAll(asked);

        Assert.All(answers, a => Assert.Equal(3, a?.Version));
        Assert.Equal(1, reads.Count);

        // Once it has ended, the next caller reads again and sees what was activated since.
        await store.SetActiveAsync(new ActiveTemplates(type, 4, T0.AddMinutes(1), "admin-1"));
        Assert.Equal(4, (await store.GetActiveAsync(type))?.Version);
        Assert.Equal(2, reads.Count);
    }

    /// <summary>Counts the GETs of blobs whose path ends with <paramref name="suffix"/>, holding each until <see cref="Release"/>.</summary>
    private sealed class HeldReads(string suffix) : HttpPipelinePolicy
    {
        private int count;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count => Volatile.Read(ref count);

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Method == RequestMethod.Get && message.Request.Uri.Path.EndsWith(suffix, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref count);
                Started.TrySetResult();
                await Release.Task;
            }

            await ProcessNextAsync(message, pipeline);
        }
    }
}
