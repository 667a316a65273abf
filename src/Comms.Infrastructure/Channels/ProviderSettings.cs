using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Comms.Infrastructure.Channels;

/// <summary>Reading a provider's setting at startup: a value that does not parse names its key.</summary>
internal static class ProviderSettings
{
    /// <summary>
    /// Validates bound settings with <paramref name="problems"/>, each a message naming its key; with
    /// <c>ValidateOnStart</c> a host with unusable settings does not start, and says why.
    /// </summary>
    public static OptionsBuilder<T> ValidateProblems<T>(this OptionsBuilder<T> builder, Func<T, IEnumerable<string>> problems)
        where T : class
    {
        builder.Services.AddSingleton<IValidateOptions<T>>(new ProblemsValidator<T>(builder.Name, problems));
        return builder;
    }

    public static T Parse<T>(Func<T> parse, string key)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{key} is not valid: {e.Message}", e);
        }
    }

    /// <summary>
    /// The provider <paramref name="key"/> names, as its enum; <paramref name="unset"/> when the key is unset. One way to
    /// choose a provider for every channel: any case, and a clear startup error listing the choices.
    /// </summary>
    public static TProvider Choose<TProvider>(IConfiguration configuration, string key, TProvider unset)
        where TProvider : struct, Enum
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return unset;
        }

        return Enum.TryParse<TProvider>(value.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider) && !int.TryParse(value, out _)
            ? provider
            : throw new InvalidOperationException($"{key} is '{value}', which is not a provider. Use {string.Join(" or ", Enum.GetNames<TProvider>())}.");
    }

    private sealed class ProblemsValidator<T>(string name, Func<T, IEnumerable<string>> problems) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? optionsName, T options)
        {
            if (optionsName != name)
            {
                return ValidateOptionsResult.Skip;
            }

            var found = problems(options).ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
    }
}
