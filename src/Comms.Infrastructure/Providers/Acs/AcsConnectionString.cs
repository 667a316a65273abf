namespace Comms.Infrastructure.Providers.Acs;

/// <summary>
/// An Azure Communication Services connection string, <c>endpoint=https://….communication.azure.com/;accesskey=BASE64</c>.
/// An <c>http://</c> endpoint is used as is (a local fake service).
/// </summary>
public sealed record AcsConnectionString(Uri Endpoint, byte[] AccessKey)
{
    /// <exception cref="FormatException">The string lacks an absolute endpoint or a base64 access key.</exception>
    public static AcsConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        string? endpoint = null, key = null;
        foreach (var pair in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // The key is base64 and may end in '=': split at the first '=' only.
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var (name, value) = (pair[..eq].Trim(), pair[(eq + 1)..].Trim());
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpoint = value;
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                key = value;
            }
        }

        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new FormatException("The ACS connection string needs endpoint=https://….communication.azure.com/.");
        }

        if (string.IsNullOrEmpty(key))
        {
            throw new FormatException("The ACS connection string needs accesskey=BASE64.");
        }

        byte[] accessKey;
        try
        {
            accessKey = Convert.FromBase64String(key);
        }
        catch (FormatException e)
        {
            throw new FormatException("The ACS connection string's accesskey is not base64.", e);
        }

        var baseUri = uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        return new AcsConnectionString(baseUri, accessKey);
    }
}
