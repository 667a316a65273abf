namespace Comms.Core.Domain;

/// <summary>The one recipient of a communication. Missing fields are filled from the account profile by Gather.</summary>
public sealed record CommsTarget(
    string? Name = null,
    string? Email = null,
    string? Phone = null,
    PostalAddress? PostalAddress = null,
    string? InstallationId = null,
    string? ExternalSystem = null)
{
    /// <summary>This target with every missing field taken from <paramref name="fallback"/>.</summary>
    public CommsTarget FillFrom(CommsTarget? fallback) => fallback is null ? this : new CommsTarget(
        Name ?? fallback.Name,
        Email ?? fallback.Email,
        Phone ?? fallback.Phone,
        PostalAddress ?? fallback.PostalAddress,
        InstallationId ?? fallback.InstallationId,
        ExternalSystem ?? fallback.ExternalSystem);

    /// <summary>The target as agents may see it: the e-mail's local part and most of the phone number hidden.</summary>
    public CommsTarget Masked() => this with { Email = MaskEmail(Email), Phone = MaskPhone(Phone) };

    private static string? MaskEmail(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return email;
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : string.Concat(email.AsSpan(0, 1), "***", email.AsSpan(at));
    }

    private static string? MaskPhone(string? phone) =>
        string.IsNullOrEmpty(phone) || phone.Length <= 4 ? phone : string.Concat(new string('*', phone.Length - 4), phone.AsSpan(phone.Length - 4));
}
