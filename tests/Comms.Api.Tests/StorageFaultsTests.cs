using Azure;
using Microsoft.AspNetCore.Http;

namespace Comms.Api.Tests;

public class StorageFaultsTests
{
    public static TheoryData<Exception, bool> Faults => new()
    {
        { new RequestFailedException("Connection refused (127.0.0.1:10002)"), true },
        { new RequestFailedException(503, "Server busy"), true },
        { new RequestFailedException(429, "Too many requests"), true },
        { new AggregateException(new RequestFailedException("refused"), new RequestFailedException("refused")), true },
        { new InvalidOperationException("wrapped", new RequestFailedException(500, "internal")), true },
        { new RequestFailedException(404, "Not found"), false },
        { new RequestFailedException(409, "Conflict"), false },
        { new InvalidOperationException("a bug"), false },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Storage_unreachable_or_overloaded_is_an_outage_anything_else_is_not(Exception exception, bool outage) =>
        Assert.Equal(outage, StorageFaults.IsStorageFault(exception));

    [Fact]
    public void An_outage_is_answered_503_with_retry_after()
    {
        var http = new DefaultHttpContext();

        var result = StorageFaults.Unavailable(http);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode);
        Assert.Equal("10", http.Response.Headers.RetryAfter.ToString());
    }
}
