using System.Text;
using Comms.Core.Domain;
using Comms.Core.Intake;

namespace Comms.Core.Tests.Intake;

/// <summary>A pushed profile (<c>PUT …/profile</c>) and CMP's answer are read alike: the contact fields, the time zone, the preferred channel and extra merge fields.</summary>
public class ProfileParserTests
{
    [Fact]
    public void Reads_the_time_zone_the_preferred_channel_and_the_fields()
    {
        var (profile, errors) = Parse("""
            { "name": "Ada", "email": "ada@example.com", "locale": "en-GB", "timeZone": "Europe/London",
              "preferredChannel": "SMS", "fields": { "tariff": "Green", "points": 120 }, "unknown": 1 }
            """);

        Assert.Null(errors);
        Assert.NotNull(profile);
        Assert.Equal("Europe/London", profile.TimeZone);
        Assert.Equal(Channel.Sms, profile.PreferredChannel);
        Assert.Equal("""{"tariff":"Green","points":120}""", profile.Fields?.ToJsonString());
    }

    [Fact]
    public void All_three_are_optional()
    {
        var (profile, errors) = Parse("""{ "name": "Ada" }""");

        Assert.Null(errors);
        Assert.Equal(new AccountProfile("ACC-1", "Ada", null, null, null, null, null, null), profile);
    }

    [Theory]
    [InlineData("""{ "timeZone": "Mars/Olympus_Mons" }""", "timeZone", "Must be an IANA time zone such as Europe/London.")]
    [InlineData("""{ "timeZone": "../../etc/passwd" }""", "timeZone", "Must be an IANA time zone such as Europe/London.")]
    [InlineData("""{ "timeZone": "GMT Standard Time" }""", "timeZone", "Must be an IANA time zone such as Europe/London.")]
    [InlineData("""{ "timeZone": 1 }""", "timeZone", "Must be a string.")]
    [InlineData("""{ "preferredChannel": "fax" }""", "preferredChannel", null)]
    [InlineData("""{ "preferredChannel": "1" }""", "preferredChannel", null)]
    [InlineData("""{ "fields": [1] }""", "fields", "Must be an object.")]
    [InlineData("""{ "fields": "x" }""", "fields", "Must be an object.")]
    public void Names_the_field_that_is_wrong(string json, string field, string? message)
    {
        var (profile, errors) = Parse(json);

        Assert.Null(profile);
        Assert.NotNull(errors);
        var messages = Assert.Contains(field, errors);
        if (message is not null)
        {
            Assert.Equal([message], messages);
        }
    }

    [Fact]
    public void Fields_are_at_most_32_KB()
    {
        var fitting = new string('x', SubmissionParser.MaxProfileFieldsBytes - """{"a":""}""".Length);
        Assert.NotNull(Parse($$"""{ "fields": { "a": "{{fitting}}" } }""").Profile);

        var (profile, errors) = Parse($$"""{ "fields": { "a": "{{fitting}}x" } }""");
        Assert.Null(profile);
        Assert.Contains("fields", errors!);
    }

    private static (AccountProfile? Profile, IDictionary<string, string[]>? Errors) Parse(string json) =>
        SubmissionParser.ParseProfile("ACC-1", Encoding.UTF8.GetBytes(json));
}
