using System.Text.RegularExpressions;

namespace Comms.Core.Domain;

/// <summary>Phone numbers as Comms takes them: E.164 (<c>+</c>, a country code, 7–15 digits in all).</summary>
public static partial class PhoneNumbers
{
    public static bool IsE164(string? number) => number is not null && E164().IsMatch(number);

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();
}
