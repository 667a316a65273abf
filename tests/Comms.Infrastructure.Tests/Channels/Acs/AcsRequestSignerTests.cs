using System.Text;
using Comms.Infrastructure.Providers.Acs;

namespace Comms.Infrastructure.Tests.Channels.Acs;

/// <summary>
/// The ACS HMAC scheme pinned by vectors computed outside .NET (Python's hmac/hashlib) from the algorithm of
/// Microsoft's "Sign an HTTP request" tutorial and the SDK's HMACAuthenticationPolicy: SHA-256 of the body,
/// signature over VERB\nPathAndQuery\nDATE;Authority;HASH with the decoded key.
/// </summary>
public sealed class AcsRequestSignerTests
{
    private const string Date = "Thu, 26 Nov 2026 10:00:00 GMT";
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("secret-key-for-tests");

    [Fact]
    public void Signs_a_non_ascii_body_over_its_utf8_bytes()
    {
        var body = Encoding.UTF8.GetBytes("{\"message\":\"Grüße – 你好 😀\"}");
        var hash = AcsRequestSigner.ContentHash(body);

        Assert.Equal("BDMfAnYVz27MWJt5DjQTfDTBSxLzYgjvR1FLmeyVOoM=", hash);
        Assert.Equal(
            "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=lUrPq/cghCRcrLfo5poss4B2oBEEDqFus4WSNKr1mgs=",
            AcsRequestSigner.Authorization(Key, "POST", new Uri("https://contoso.communication.azure.com/sms?api-version=2021-03-07"), Date, hash));
    }

    [Fact]
    public void Signs_an_empty_body()
    {
        var hash = AcsRequestSigner.ContentHash([]);

        Assert.Equal("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", hash);
        Assert.EndsWith(
            "&Signature=KWEUkU3xLqfIHXP9WkMyue7Wr5hJz5ixvmgbW06EkgM=",
            AcsRequestSigner.Authorization(Key, "GET", new Uri("https://contoso.communication.azure.com/emails/operations/op-1?api-version=2023-03-31"), Date, hash),
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_default_port_is_part_of_the_signed_host()
    {
        var uri = new Uri("http://127.0.0.1:8443/emails:send?api-version=2023-03-31");
        var hash = AcsRequestSigner.ContentHash("{}"u8);

        Assert.Equal("POST\n/emails:send?api-version=2023-03-31\n" + Date + ";127.0.0.1:8443;" + hash, AcsRequestSigner.StringToSign("POST", uri, Date, hash));
        Assert.EndsWith("&Signature=7lYYJkKOY/XWQBcoVRFjNEZDZjr1NbQ4Ow7m48+pM9I=", AcsRequestSigner.Authorization(Key, "POST", uri, Date, hash), StringComparison.Ordinal);
    }

    [Fact]
    public void The_date_is_rfc_1123()
    {
        Assert.Equal(Date, AcsRequestSigner.FormatDate(new DateTimeOffset(2026, 11, 26, 11, 0, 0, TimeSpan.FromHours(1))));

        // The day has two digits: the Java SDK's policy was fixed to send "07", not "7".
        Assert.Equal("Mon, 07 Dec 2026 09:05:03 GMT", AcsRequestSigner.FormatDate(new DateTimeOffset(2026, 12, 7, 9, 5, 3, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=c2VjcmV0LWtleS1mb3ItdGVzdHM=", "https://contoso.communication.azure.com/")]
    [InlineData("Endpoint=https://contoso.communication.azure.com;AccessKey=c2VjcmV0LWtleS1mb3ItdGVzdHM=;", "https://contoso.communication.azure.com/")]
    [InlineData("accesskey=c2VjcmV0LWtleS1mb3ItdGVzdHM=; endpoint=http://127.0.0.1:10500/", "http://127.0.0.1:10500/")]
    public void Parses_the_connection_string_and_keeps_an_http_loopback_endpoint(string connectionString, string endpoint)
    {
        var parsed = AcsConnectionString.Parse(connectionString);

        Assert.Equal(new Uri(endpoint), parsed.Endpoint);
        Assert.Equal(Key, parsed.AccessKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("endpoint=https://contoso.communication.azure.com/")]
    [InlineData("accesskey=c2VjcmV0")]
    [InlineData("endpoint=ftp://contoso/;accesskey=c2VjcmV0LWtleS1mb3ItdGVzdHM=")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=not base64!")]
    public void Refuses_a_malformed_connection_string(string connectionString)
    {
        Assert.Throws<FormatException>(() => AcsConnectionString.Parse(connectionString));
    }
}
