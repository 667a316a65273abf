namespace Comms.Infrastructure.Storage;

/// <summary>Checks the parts of blob names so that one id cannot reach into another's folder.</summary>
internal static class BlobPaths
{
    public static string Join(params ReadOnlySpan<string> segments)
    {
        foreach (var segment in segments)
        {
            Check(segment);
        }

        return string.Join('/', segments);
    }

    private static void Check(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (segment.Length == 0 || segment is "." or ".." || segment.Length > 256 ||
            segment.Any(c => c is '/' or '\\' || char.IsControl(c)))
        {
            throw new ArgumentException($"'{segment}' is not a valid blob name segment.", nameof(segment));
        }
    }
}
