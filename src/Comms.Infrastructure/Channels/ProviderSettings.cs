using Microsoft.Extensions.Configuration;

namespace Comms.Infrastructure.Channels;

/// <summary>Reading a provider's setting at startup: a value that does not parse names its key.</summary>
internal static class ProviderSettings
{
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
}
