using System.Text.RegularExpressions;

namespace Comms.Core.Domain;

/// <summary>The one rule for time zones on input and in configuration: an IANA id the machine knows (<c>Europe/London</c>); a Windows id is not one.</summary>
public static partial class TimeZones
{
    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (id is null || !IdPattern().IsMatch(id) || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) || !found.HasIanaId)
        {
            return false;
        }

        zone = found;
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9_+/-]{1,64}$")]
    private static partial Regex IdPattern();
}
