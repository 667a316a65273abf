using System.Text.Json.Nodes;
using Comms.Core.Domain;
using Comms.Core.Ports;
using Comms.Core.Text;
using Comms.Infrastructure.Rendering;

namespace Comms.Infrastructure.Tests.Rendering;

/// <summary>A version's files rendered by the one engine (README, Template versions): locales, layouts, compile errors.</summary>
public sealed class TemplateVersionRenderingTests
{
    private static readonly RazorTemplateRenderer Renderer = new();

    private const string Model = "@model Comms.Core.Text.TemplateModel\n";

    private static readonly Dictionary<string, string> Files = new()
    {
        ["email.subject.cshtml"] = Model + "Renewal @Model.Text(\"ref\") & more",
        ["email.html.cshtml"] = Model + "@{ Layout = \"_Layouts.email\"; ViewBag.Title = \"Renewal\"; }\n<p>Dear @Model.Name</p>",
        ["cy/email.subject.cshtml"] = Model + "Adnewyddu @Model.Text(\"ref\")",
        ["cy-GB/email.subject.cshtml"] = Model + "Adnewyddu (GB) @Model.Text(\"ref\")",
    };

    private static TemplateModel ModelFor(string locale, string name = "Ada") =>
        new("r-1", "ACC-1", "Renewal", new CommsTarget(name), new JsonObject { ["ref"] = "R-9" }, locale);

    [Theory]
    [InlineData("en-GB", "Renewal R-9 & more")]
    [InlineData("cy-GB", "Adnewyddu (GB) R-9")]
    [InlineData("cy", "Adnewyddu R-9")]
    [InlineData("fr-FR", "Renewal R-9 & more")]
    public async Task A_version_renders_its_own_files_in_the_requests_locale_with_fallback(string locale, string subject)
    {
        var set = new TemplateSet("Renewal", 3, Files);

        Assert.Equal(subject, await Renderer.RenderAsync(set, Channel.Email, ChannelParts.Subject, ModelFor(locale)));
    }

    [Fact]
    public async Task A_versions_html_uses_the_embedded_layout_and_encodes_data()
    {
        var html = await Renderer.RenderAsync(new TemplateSet("Renewal", 3, Files), Channel.Email, ChannelParts.Html, ModelFor("en-GB", "<img src=x onerror=alert(1)>"));

        Assert.StartsWith("<!DOCTYPE html>", html.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_sets_with_different_text_for_one_path_never_share_a_compiled_template()
    {
        var one = new TemplateSet("Renewal", 1, new Dictionary<string, string> { ["sms.text.cshtml"] = Model + "one" });
        var two = new TemplateSet("Renewal", 2, new Dictionary<string, string> { ["sms.text.cshtml"] = Model + "two" });

        Assert.Equal("one", await Renderer.RenderAsync(one, Channel.Sms, ChannelParts.Text, ModelFor("en-GB")));
        Assert.Equal("two", await Renderer.RenderAsync(two, Channel.Sms, ChannelParts.Text, ModelFor("en-GB")));
        Assert.Equal("one", await Renderer.RenderAsync(one, Channel.Sms, ChannelParts.Text, ModelFor("en-GB")));
    }

    [Fact]
    public async Task A_compile_error_names_the_file_and_its_line()
    {
        var set = new TemplateSet("Renewal", null, new Dictionary<string, string> { ["cy/sms.text.cshtml"] = Model + "Helo\n@Model.Nope", ["sms.text.cshtml"] = Model + "hi" });

        var e = await Assert.ThrowsAsync<TemplateCompileException>(() => Renderer.RenderAsync(set, Channel.Sms, ChannelParts.Text, ModelFor("cy-GB")));

        Assert.Equal(("cy/sms.text.cshtml", 3), (e.File, e.Line));
        Assert.Contains("Nope", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_set_covers_a_channel_only_with_every_default_part_and_never_reaches_other_files()
    {
        Assert.True(Renderer.HasTemplates(new TemplateSet("Renewal", 3, Files), Channel.Email));
        Assert.False(Renderer.HasTemplates(new TemplateSet("Renewal", 3, Files), Channel.Sms));
        Assert.False(Renderer.HasTemplates(new TemplateSet("Renewal", 3, new Dictionary<string, string> { ["cy/sms.text.cshtml"] = "x" }), Channel.Sms));
        Assert.False(Renderer.HasTemplates(new TemplateSet("../x", 3, Files), Channel.Email));
        await Assert.ThrowsAsync<TemplateNotFoundException>(() => Renderer.RenderAsync(new TemplateSet("Renewal", 3, Files), Channel.Sms, ChannelParts.Text, ModelFor("en-GB")));
    }
}
