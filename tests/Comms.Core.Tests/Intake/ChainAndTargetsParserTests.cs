using System.Text;
using Comms.Core.Domain;
using Comms.Core.Intake;

namespace Comms.Core.Tests.Intake;

public class ChainAndTargetsParserTests
{
    private static ParseResult Parse(string fields) =>
        SubmissionParser.ParseSubmission(Encoding.UTF8.GetBytes($$"""{ "requestId": "r-1", "accountId": "ACC-1", "commsType": "PaymentReminder", {{fields.Replace('\'', '"')}} }"""), () => "generated");

    [Fact]
    public void A_chain_becomes_steps_with_their_waits_and_goals_and_its_first_channel_is_the_requests()
    {
        var request = Parse("""
            "channels": [{"channel": "email", "waitFor": "P2D", "until": "delivered"}, {"channel": "sms", "waitFor": "PT12H", "until": "sent"}, {"channel": "letter"}]
            """).Request!;

        Assert.Equal(
            [new ChainStep(Channel.Email, TimeSpan.FromDays(2), CommsStatus.Delivered), new ChainStep(Channel.Sms, TimeSpan.FromHours(12), CommsStatus.Sent), new ChainStep(Channel.Letter)],
            request.Channels);
        Assert.Equal(Channel.Email, request.Channel);
        Assert.Equal(["r-1:step-1", "r-1:step-2", "r-1:step-3"], request.ChildIds);
        var second = request.Child(1);
        Assert.Equal(("r-1:step-2", Channel.Sms, "r-1", null), (second.RequestId, second.Channel, second.ParentId, second.Channels));
        Assert.Equal(CommsStatus.Delivered, new ChainStep(Channel.Email, TimeSpan.FromDays(1)).Goal);
    }

    [Fact]
    public void Several_targets_become_one_child_each()
    {
        var request = Parse("""
            "channel": "email", "targets": [{"email": "a@example.com"}, {"email": "b@example.com", "name": "B"}, {"email": "c@example.com"}]
            """).Request!;

        Assert.Equal(3, request.Targets!.Count);
        Assert.Equal(["r-1:target-1", "r-1:target-2", "r-1:target-3"], request.ChildIds);
        var child = request.Child(1);
        Assert.Equal(("b@example.com", "B", null, "r-1"), (child.Target!.Email, child.Target.Name, child.Targets, child.ParentId));
    }

    [Theory]
    [InlineData("'channel': 'email', 'channels': [{'channel': 'sms'}]", "channels")]
    [InlineData("'channels': [{'channel': 'email', 'waitFor': 'P1D'}, {'channel': 'email'}]", "channels[1].channel")] // a loop
    [InlineData("'channels': [{'channel': 'email', 'waitFor': 'P1D'}, {'channel': 'sms', 'waitFor': 'P1D'}]", "channels[1]")] // no final step
    [InlineData("'channels': [{'channel': 'email'}, {'channel': 'sms'}]", "channels[0].waitFor")]
    [InlineData("'channels': [{'channel': 'email', 'waitFor': 'two days'}, {'channel': 'sms'}]", "channels[0].waitFor")]
    [InlineData("'channels': [{'channel': 'email', 'waitFor': 'P90D'}, {'channel': 'sms'}]", "channels[0].waitFor")]
    [InlineData("'channels': [{'channel': 'email', 'waitFor': 'P1D', 'until': 'opened'}, {'channel': 'sms'}]", "channels[0].until")]
    [InlineData("'channels': [{'channel': 'fax'}]", "channels[0].channel")]
    [InlineData("'channels': []", "channels")]
    [InlineData("'channels': 'email' ", "channels")]
    [InlineData("'channels': [7]", "channels[0]")]
    [InlineData("'channels': [{'channel':'email','waitFor':'P1D'},{'channel':'sms','waitFor':'P1D'},{'channel':'letter','waitFor':'P1D'},{'channel':'online','waitFor':'P1D'},{'channel':'pushToHandset','waitFor':'P1D'},{'channel':'pushToExternal'}]", "channels")]
    [InlineData("'channel': 'email', 'target': {'email': 'a@example.com'}, 'targets': [{'email': 'b@example.com'}]", "targets")]
    [InlineData("'channels': [{'channel': 'email'}], 'targets': [{'email': 'b@example.com'}]", "targets")]
    [InlineData("'channel': 'email', 'targets': []", "targets")]
    [InlineData("'channel': 'email', 'targets': [null]", "targets[0]")]
    [InlineData("'channel': 'email', 'targets': [{'email': 'not an address'}]", "targets[0].email")]
    [InlineData("'commsType2': 1", "channel")]
    public void Bad_chains_and_targets_are_refused_naming_the_field(string fields, string field)
    {
        var result = Parse(fields);
        Assert.Null(result.Request);
        Assert.Contains(field, result.Errors!.Keys);
    }

    [Theory]
    [InlineData("r-1", 1, "r-1:step-1")]
    [InlineData("batch:b:k", 2, "batch:b:k:step-2")]
    public void Child_ids_derive_from_the_parent_and_are_never_batch_items(string parent, int step, string child)
    {
        Assert.Equal(child, RequestIds.ChainStep(parent, step));
        Assert.False(RequestIds.TryParseBatchItem(child, out _, out _));
        Assert.False(RequestIds.IsValidItemKey("k:target-3"));
        Assert.True(RequestIds.IsValidItemKey("k:target"));
    }

    [Fact]
    public void A_child_of_a_long_id_is_a_hash_within_100_characters()
    {
        var parent = new string('a', 100);
        var child = RequestIds.TargetChild(parent, 12);
        Assert.StartsWith("target-12:", child, StringComparison.Ordinal);
        Assert.True(RequestIds.IsValid(child));
        Assert.Equal(child, RequestIds.TargetChild(parent, 12));
        Assert.NotEqual(child, RequestIds.TargetChild(new string('b', 100), 12));
    }
}
