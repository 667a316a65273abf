using Comms.Core.Domain;

namespace Comms.Core.Tests.Domain;

/// <summary>The identities derived from a request id are stored (ledger rows, report ids, provider idempotency ids): a change must be deliberate.</summary>
public class RequestIdsTests
{
    [Fact]
    public void Every_derived_identity_is_pinned()
    {
        Assert.Equal("we-e-42-oncreate", RequestIds.FromWorkflowEvent("E-42", "onCreate"));
        Assert.Equal("pipeline-sent", RequestIds.PipelineReport(CommsStatus.Sent));
        Assert.Equal("send-pushToHandset", RequestIds.SendPurpose(Channel.PushToHandset));
        Assert.Equal("r-1:send-email", RequestIds.IdempotencyKey("r-1", RequestIds.SendPurpose(Channel.Email)));
        Assert.Equal("status-r-1-delivered", RequestIds.StatusCallbackWebhookId("R-1", CommsStatus.Delivered));
        Assert.Equal("partner:printhouse", RequestIds.PartnerSource("printhouse"));
        Assert.Equal("acs:ev-1", RequestIds.ExternalReport("acs", "ev-1"));
        Assert.Equal("online-read", RequestIds.OnlineRead);
    }

    [Fact]
    public void The_stable_guid_is_a_version_8_name_based_guid_of_the_key()
    {
        var guid = RequestIds.StableGuid("r-1:send-email");

        Assert.Equal(guid, RequestIds.StableGuid("r-1:send-email"));
        Assert.NotEqual(guid, RequestIds.StableGuid("r-2:send-email"));
        Assert.Equal('8', guid.ToString()[14]);
    }

    [Theory]
    [InlineData("r-1", true)]
    [InlineData("we-e1-oncreate", true)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Request_ids_are_checked_in_one_place(string? id, bool valid) => Assert.Equal(valid, RequestIds.IsValid(id));

    [Theory]
    [InlineData("+447700900123", true)]
    [InlineData("07700900123", false)]
    [InlineData("+0123456789", false)]
    public void Phone_numbers_are_e164(string number, bool valid) => Assert.Equal(valid, PhoneNumbers.IsE164(number));
}
