using System.Text.Json.Nodes;
using Comms.Infrastructure;

namespace Comms.Deployment.Tests;

/// <summary>
/// The settings the code reads in Azure (<see cref="AppSettingNames.ReadInAzure"/>, the names the registrations use)
/// are exactly the settings infra/app/api.bicep writes: none missing, none that nothing reads. The app settings are
/// the variables named <c>*AppSettings</c> of the api module, all of which go into the function app's settings.
/// </summary>
public sealed class AppSettingsTests
{
    [Fact]
    public async Task Every_setting_the_templates_write_is_read_by_the_code()
    {
        var written = await WrittenSettingsAsync();

        var unread = written.Keys.Where(setting => !AppSettingNames.ReadInAzure.Any(key => Matches(key, setting))).ToList();

        Assert.True(unread.Count == 0, "Written by api.bicep, read by nothing: " + string.Join(", ", unread));
    }

    [Fact]
    public async Task Every_setting_the_code_reads_in_Azure_is_written_by_the_templates()
    {
        var written = await WrittenSettingsAsync();

        var missing = AppSettingNames.ReadInAzure.Where(key => !written.Keys.Any(setting => Matches(key, setting))).ToList();

        Assert.True(missing.Count == 0, "Read by the code, not written by api.bicep: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Every_settings_group_goes_into_the_function_app()
    {
        var api = await CompiledTemplate.ModuleAsync("api");
        var appSettings = CompiledTemplate.Resources(api).Single(r => (string?)r["type"] == "Microsoft.Web/sites/config");
        var properties = appSettings["properties"]!.GetValue<string>();

        foreach (var group in SettingGroups(api))
        {
            Assert.Contains($"variables('{group.Key}')", properties, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Storage_is_identity_based_and_secrets_are_key_vault_references()
    {
        var written = await WrittenSettingsAsync();

        Assert.Equal("managedidentity", written["AzureWebJobsStorage__credential"]);
        Assert.DoesNotContain("AzureWebJobsStorage", written.Keys);
        Assert.DoesNotContain("Comms__Acs__ConnectionString", written.Keys);
        var secrets = written.Where(s => s.Key.EndsWith("Secret", StringComparison.Ordinal)
            || s.Key.Contains("__Secrets__", StringComparison.Ordinal)
            || s.Key.EndsWith("Password", StringComparison.Ordinal)
            || s.Key.EndsWith("ConnectionString", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(secrets);
        Assert.All(secrets, s => Assert.Matches(@"^\[format\('@Microsoft\.KeyVault\(VaultName=\{0\};SecretName=[a-z0-9-]+\)'", s.Value));
    }

    /// <summary>Each Key Vault reference names a secret that a module writes into the vault.</summary>
    [Fact]
    public async Task Every_key_vault_reference_names_a_secret_the_templates_create()
    {
        var written = await WrittenSettingsAsync();
        var created = new List<string>();
        foreach (var module in new[] { "keyvault", "notificationhubs" })
        {
            created.AddRange(CompiledTemplate.Resources(await CompiledTemplate.ModuleAsync(module))
                .Where(r => (string?)r["type"] == "Microsoft.KeyVault/vaults/secrets")
                .Select(r => r["name"]!.GetValue<string>()));
        }

        var referenced = written.Values
            .Select(v => System.Text.RegularExpressions.Regex.Match(v, @"SecretName=([a-z0-9-]+)\)"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.NotEmpty(referenced);
        Assert.All(referenced, secret => Assert.Contains(created, name => name.EndsWith($"'{secret}')]", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Comms:Email:Provider", "Comms__Email__Provider", true)]
    [InlineData("Comms:StatusWebhook:Partners:*:Secrets:*", "Comms__StatusWebhook__Partners__billing__Secrets__0", true)]
    [InlineData("Comms:StatusWebhook:Partners:*:Secrets:*", "Comms__StatusWebhook__Partners__billing__Secret", false)]
    [InlineData("Comms:Email:Provider", "Comms__Email__ProviderName", false)]
    [InlineData("AzureWebJobsStorage:accountName", "AzureWebJobsStorage__accountName", true)]
    public void A_key_pattern_matches_whole_segments(string key, string setting, bool expected) =>
        Assert.Equal(expected, Matches(key, setting));

    /// <summary>A configuration key (with <c>*</c> for one chosen segment) against an app setting's name.</summary>
    private static bool Matches(string key, string setting)
    {
        var keySegments = key.Split(':');
        var settingSegments = setting.Split("__");
        return keySegments.Length == settingSegments.Length
            && keySegments.Zip(settingSegments).All(p => p.First == "*" ? p.Second.Length > 0 : string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> SettingGroups(JsonObject api) =>
        CompiledTemplate.Variables(api).Where(v => v.Key.EndsWith("AppSettings", StringComparison.Ordinal));

    /// <summary>Every app setting api.bicep can write, with its value (an ARM expression or a literal).</summary>
    private static async Task<Dictionary<string, string>> WrittenSettingsAsync()
    {
        var api = await CompiledTemplate.ModuleAsync("api");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in SettingGroups(api))
        {
            foreach (var setting in group.Value!.AsObject())
            {
                Assert.True(settings.TryAdd(setting.Key, setting.Value!.ToString()), $"{setting.Key} is written by two groups.");
            }
        }

        Assert.NotEmpty(settings);
        return settings;
    }
}
