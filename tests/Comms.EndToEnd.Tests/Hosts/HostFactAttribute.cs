using Xunit.Abstractions;
using Xunit.Sdk;

namespace Comms.EndToEnd.Tests.Hosts;

/// <summary>
/// A test that runs on each host: written once in an abstract class, run by its nested <c>OnServer</c> and
/// <c>OnFunctions</c> classes. On a machine without the Functions host the <c>OnFunctions</c> runs are reported as
/// skipped, with the reason (<see cref="FunctionsApp.UnavailableReason"/>).
/// </summary>
[XunitTestCaseDiscoverer("Comms.EndToEnd.Tests.Hosts.HostFactDiscoverer", "Comms.EndToEnd.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class HostFactAttribute : FactAttribute;

/// <summary>A theory that runs on each host, as <see cref="HostFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer("Comms.EndToEnd.Tests.Hosts.HostTheoryDiscoverer", "Comms.EndToEnd.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class HostTheoryAttribute : TheoryAttribute;

public sealed class HostFactDiscoverer(IMessageSink sink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer inner = new(sink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        HostSkip.For(sink, discoveryOptions, testMethod) ?? inner.Discover(discoveryOptions, testMethod, factAttribute);
}

public sealed class HostTheoryDiscoverer(IMessageSink sink) : IXunitTestCaseDiscoverer
{
    private readonly TheoryDiscoverer inner = new(sink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        HostSkip.For(sink, discoveryOptions, testMethod) ?? inner.Discover(discoveryOptions, testMethod, factAttribute);
}

internal static class HostSkip
{
    /// <summary>The host a test class runs on, from its name (<c>…+OnServer</c>, <c>…OnFunctions</c>).</summary>
    public static HostKind? Of(string className) =>
        className.EndsWith("OnFunctions", StringComparison.Ordinal) ? HostKind.Functions
        : className.EndsWith("OnServer", StringComparison.Ordinal) ? HostKind.Server
        : null;

    /// <summary>One skipped case when the test is an <c>OnFunctions</c> run and the Functions host is missing; else null.</summary>
    public static IEnumerable<IXunitTestCase>? For(IMessageSink sink, ITestFrameworkDiscoveryOptions options, ITestMethod testMethod)
    {
        if (Of(testMethod.TestClass.Class.Name) != HostKind.Functions || FunctionsApp.UnavailableReason is not { } reason)
        {
            return null;
        }

        return [new XunitSkippedDataRowTestCase(sink, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), testMethod, reason)];
    }
}
