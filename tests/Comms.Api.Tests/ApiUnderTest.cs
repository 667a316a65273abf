using System.Text;
using Comms.Core.Activities;
using Comms.Core.Intake;
using Comms.Core.Ports;
using Comms.Testing;
using Microsoft.AspNetCore.Http;
using Moq;

namespace Comms.Api.Tests;

/// <summary>The shared handler with Moq ports, and requests as a host hands them over.</summary>
internal static class ApiUnderTest
{
    public static CommsApi Create(IRequestStore requests, IStatusHistory history, IProfileStore? profiles = null) => new(
        new CommsIntake(requests, history, Templates.Sets, BusinessKeys(), Mock.Of<ICancellationKeys>(), Mock.Of<ISearchIndex>(), TimeProvider.System),
        requests,
        history,
        Mock.Of<IDetailStore>(),
        Mock.Of<IArchive>(),
        profiles ?? Mock.Of<IProfileStore>(),
        Mock.Of<INotificationInbox>(),
        Mock.Of<IRejectedStore>(),
        Mock.Of<IStorageProbe>(),
        new StatusRecorder(history, requests, Mock.Of<IStatusCallbacks>(), Mock.Of<IBatchStore>(), new Comms.Testing.Fakes.MemoryConsentStore(), Mock.Of<IDetailStore>(), Mock.Of<ISearchIndex>()),
        Audit(),
        TimeProvider.System);

    /// <summary>The caller the key check puts on every request these helpers make (<see cref="Api.Caller"/>).</summary>
    public static Caller TestCaller { get; } = new("tests", "admin");

    public static global::Comms.Api.Audit.AuditApi Audit(IAuditLog? log = null) => new(log ?? Mock.Of<IAuditLog>(), TimeProvider.System);

    /// <summary>Business keys as storage holds them for a first claim: each key is the claiming request's.</summary>
    public static IBusinessKeys BusinessKeys()
    {
        var keys = new Mock<IBusinessKeys>();
        keys.Setup(k => k.ClaimAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string requestId, string hash, CancellationToken _) => (requestId, hash));
        return keys.Object;
    }

    public static HttpRequest Post(byte[] body)
    {
        var request = Request("POST");
        request.Body = new MemoryStream(body);
        return request;
    }

    public static HttpRequest Post(string body) => Post(Encoding.UTF8.GetBytes(body));

    /// <summary>A GET with this query string (<c>?a=1&amp;b=2</c>).</summary>
    public static HttpRequest Get(string query)
    {
        var request = Request("GET");
        request.QueryString = new QueryString(query);
        return request;
    }

    private static HttpRequest Request(string method)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("comms.test");
        Caller.Set(context, TestCaller);
        return context.Request;
    }
}
