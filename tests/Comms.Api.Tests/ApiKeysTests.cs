using Comms.Core.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Comms.Api.Tests;

/// <summary>The one key check of both hosts (<see cref="ApiKeys"/>) and the start-time rules of <c>Comms:Keys</c>.</summary>
public sealed class ApiKeysTests
{
    private static readonly ApiKeys Keys = new(Options.Create(Configured(("billing", "submit", "billing-secret-0123"), ("ops", "admin", "admin-secret-01234"))));

    private static RouteBinding Route(string name) => HostBindings.Http.Single(r => r.FunctionName == name);

    private static HttpContext Call(string? header = null, string? code = null)
    {
        var http = new DefaultHttpContext();
        if (header is not null)
        {
            http.Request.Headers["x-functions-key"] = header;
        }

        if (code is not null)
        {
            http.Request.QueryString = new QueryString("?code=" + Uri.EscapeDataString(code));
        }

        return http;
    }

    private static ApiKeyOptions Configured(params (string Name, string? Role, string? Secret)[] keys)
    {
        var options = new ApiKeyOptions();
        foreach (var (name, role, secret) in keys)
        {
            options.Keys[name] = new ApiKeySetting { Role = role, Secret = secret };
        }

        return options;
    }

    [Fact]
    public void A_key_of_a_role_the_route_names_goes_on_and_becomes_the_caller()
    {
        var header = Call(header: "billing-secret-0123");
        var query = Call(code: "admin-secret-01234");

        Assert.Null(Keys.Authorize(header, Route(HostBindings.FunctionNames.SubmitComms)));
        Assert.Equal(new Caller("billing", "submit"), Caller.Of(header));
        Assert.Null(Keys.Authorize(query, Route(HostBindings.FunctionNames.PreviewTemplate)));
        Assert.Equal(new Caller("ops", "admin"), Caller.Of(query));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("billing-secret-012")]
    [InlineData("billing-secret-01234")]
    public void No_key_or_an_unknown_one_is_401_and_no_caller(string? key)
    {
        var http = Call(header: key);

        var refused = Assert.IsAssignableFrom<IStatusCodeHttpResult>(Keys.Authorize(http, Route(HostBindings.FunctionNames.GetComms)));

        Assert.Equal(401, refused.StatusCode);
        Assert.Throws<InvalidOperationException>(() => Caller.Of(http));
    }

    [Fact]
    public void A_valid_key_of_another_role_is_403_naming_the_roles_the_route_needs()
    {
        var http = Call(header: "billing-secret-0123");

        var refused = Keys.Authorize(http, Route(HostBindings.FunctionNames.ListAudit));

        var problem = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(refused);
        Assert.Equal(403, problem.StatusCode);
        Assert.Equal(new[] { "admin" }, problem.ProblemDetails.Extensions["roles"]);
        Assert.Contains("admin", problem.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Caller.Of(http));
    }

    [Fact]
    public void An_anonymous_route_goes_on_without_a_key()
    {
        Assert.Null(Keys.Authorize(Call(), Route(HostBindings.FunctionNames.Health)));
    }

    [Fact]
    public void Keys_are_checked_at_start_and_each_problem_names_its_key_never_its_secret()
    {
        Assert.Empty(Configured(("billing", "submit", "0123456789abcdef")).Problems());
        Assert.NotEmpty(new ApiKeyOptions().Problems());

        var problems = Configured(
            ("a", "root", "0123456789abcdef-a"),
            ("b", "agent", "short"),
            ("c", "agent", null),
            ("d", "submit", "same-secret-0123456"),
            ("e", "admin", "same-secret-0123456"),
            ("f g", "admin", "0123456789abcdef-f")).Problems();

        Assert.Contains(problems, p => p.StartsWith("Comms:Keys:a:Role", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Comms:Keys:b:Secret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Comms:Keys:c:Secret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("d, e have the same secret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Comms:Keys:f g:", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("same-secret", StringComparison.Ordinal) || p.Contains("short", StringComparison.Ordinal));
    }
}
