using Comms.Infrastructure.Providers.NotificationHubs;

namespace Comms.Infrastructure.Tests.Channels.Push;

/// <summary>The SAS token pinned by a vector computed outside .NET from the Notification Hubs REST documentation.</summary>
public sealed class NotificationHubsSasTokenTests
{
    [Fact]
    public void Signs_the_lower_case_encoded_resource_with_the_key_as_utf8()
    {
        var token = NotificationHubsSasToken.Create(
            new Uri("https://comms-test.servicebus.windows.net/Comms-Hub"), "DefaultFullSharedAccessSignature", "Key+With/Specials=", DateTimeOffset.FromUnixTimeSeconds(1798286400));

        Assert.Equal(
            "SharedAccessSignature sr=https%3a%2f%2fcomms-test.servicebus.windows.net%2fcomms-hub&sig=Vm6o9HGxTLU%2BTW2Y96mRqKnQ1cwyoWeoeu8SYLBpDys%3D&se=1798286400&skn=DefaultFullSharedAccessSignature",
            token);
    }

    [Theory]
    [InlineData("Endpoint=sb://comms-test.servicebus.windows.net/;SharedAccessKeyName=Full;SharedAccessKey=abc=", null, "https://comms-test.servicebus.windows.net/")]
    [InlineData("Endpoint=sb://comms-test.servicebus.windows.net/;SharedAccessKeyName=Full;SharedAccessKey=abc=", "http://127.0.0.1:9000", "http://127.0.0.1:9000/")]
    public void The_connection_string_gives_the_base_url_and_key(string connectionString, string? endpoint, string expected)
    {
        var connection = NotificationHubsConnection.Parse(connectionString, endpoint);

        Assert.Equal(new NotificationHubsConnection(new Uri(expected), "Full", "abc="), connection);
    }

    [Theory]
    [InlineData("Endpoint=sb://comms-test.servicebus.windows.net/;SharedAccessKeyName=Full")]
    [InlineData("SharedAccessKeyName=Full;SharedAccessKey=abc")]
    [InlineData("Endpoint=not a url;SharedAccessKeyName=Full;SharedAccessKey=abc")]
    public void Refuses_a_malformed_connection_string(string connectionString)
    {
        Assert.Throws<FormatException>(() => NotificationHubsConnection.Parse(connectionString, null));
    }
}
