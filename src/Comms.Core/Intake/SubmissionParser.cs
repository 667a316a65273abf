using System.Globalization;
using System.Net.Mail;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Comms.Core.Domain;
using Comms.Core.Text;

namespace Comms.Core.Intake;

/// <summary>
/// Turns the JSON of a submission (HTTP body or workflow event) into a <see cref="CommsRequest"/>, or into
/// field errors for a 400 problem details / a <c>Rejected</c> record. Nothing is written before this succeeds.
/// </summary>
public static partial class SubmissionParser
{
    public const int MaxIdLength = 100;

    /// <summary>The most a profile's <c>fields</c> may hold, as JSON.</summary>
    public const int MaxProfileFieldsBytes = 32 * 1024;

    /// <summary>Parses a <c>POST /api/comms</c> body.</summary>
    public static ParseResult ParseSubmission(ReadOnlySpan<byte> json, Func<string> newRequestId)
    {
        var errors = new InputErrors();
        var root = JsonInput.ParseObject(json, errors);
        if (root is null)
        {
            return new ParseResult(null, errors.ToDictionary());
        }

        var requestId = JsonInput.Text(root, "requestId", errors);
        if (requestId is not null && !RequestIds.IsValid(requestId))
        {
            errors.Add("requestId", $"Must be 1 to {MaxIdLength} characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'.");
        }
        else if (requestId is not null && requestId.StartsWith(RequestIds.BatchPrefix, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("requestId", $"The prefix '{RequestIds.BatchPrefix}' is reserved for the items of batches (POST /api/batches).");
        }

        return Build(root, requestId ?? newRequestId(), CommsSource.Api, errors);
    }

    /// <summary>Parses a <c>workflow-events</c> message (JSON already decoded from base64 where needed).</summary>
    public static ParseResult ParseWorkflowEvent(ReadOnlySpan<byte> json)
    {
        var errors = new InputErrors();
        var root = JsonInput.ParseObject(json, errors);
        if (root is null)
        {
            return new ParseResult(null, errors.ToDictionary());
        }

        var eventId = JsonInput.Text(root, "eventId", errors);
        if (eventId is null)
        {
            errors.Add("eventId", "Required.");
        }
        else if (!EventIdPattern().IsMatch(eventId))
        {
            errors.Add("eventId", "Must be 1 to 80 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'.");
        }

        JsonInput.Text(root, "eventType", errors);
        var when = JsonInput.Text(root, "whenToCreate", errors);
        string? whenName = null;
        if (when is null)
        {
            errors.Add("whenToCreate", "Required: onCreate or onResolve.");
        }
        else if (when.Equals("onCreate", StringComparison.OrdinalIgnoreCase) || when.Equals("onResolve", StringComparison.OrdinalIgnoreCase))
        {
            whenName = when;
        }
        else
        {
            errors.Add("whenToCreate", "Must be onCreate or onResolve.");
        }

        var requestId = eventId is not null && whenName is not null ? RequestIds.FromWorkflowEvent(eventId, whenName) : "";
        return Build(root, requestId, CommsSource.WorkflowEvent, errors);
    }

    /// <summary>
    /// Parses one batch item: the batch's defaults with the item's own fields over them (<see cref="Batches.BatchParser"/>),
    /// under the item's derived request id. Field errors name the item's fields.
    /// </summary>
    public static ParseResult ParseBatchItem(JsonObject merged, string requestId) =>
        Build(merged, requestId, CommsSource.Batch, new InputErrors());

    private static ParseResult Build(JsonObject root, string requestId, CommsSource source, InputErrors errors)
    {
        var accountId = JsonInput.Text(root, "accountId", errors);
        if (accountId is null)
        {
            errors.Add("accountId", "Required.");
        }
        else if (!RequestIds.IsValidAccount(accountId))
        {
            errors.Add("accountId", $"Must be 1 to {MaxIdLength} characters of A-Z, a-z, 0-9, '.', '_', ':', '@' or '-'.");
        }

        var commsType = JsonInput.Text(root, "commsType", errors);
        if (commsType is null)
        {
            errors.Add("commsType", "Required.");
        }
        else if (!RequestIds.IsValidCommsType(commsType))
        {
            errors.Add("commsType", "Must be a name of letters and digits starting with a letter, at most 64 characters.");
        }

        var chain = ParseChain(root, errors);
        var channel = ParseChannel(root, "channel", errors, required: chain is null && root["channels"] is null) ?? chain?[0].Channel;
        if (root["channel"] is not null && root["channels"] is not null)
        {
            errors.Add("channels", "Give channel or channels, not both.");
        }

        var target = ParseTarget(root["target"], "target", errors);
        var targets = ParseTargets(root, errors);
        if (root["target"] is not null && root["targets"] is not null)
        {
            errors.Add("targets", "Give target or targets, not both.");
        }

        if (root["channels"] is not null && root["targets"] is not null)
        {
            errors.Add("targets", "A fallback chain goes to one target: submit one request per target, each with its channels.");
        }

        JsonObject? data = null;
        switch (root["data"])
        {
            case null:
                break;
            case JsonObject o:
                data = (JsonObject)o.DeepClone();
                break;
            default:
                errors.Add("data", "Must be an object.");
                break;
        }

        var locale = ParseLocale(root, "locale", errors);
        DateTimeOffset? sendAt = null;
        var sendAtText = JsonInput.Text(root, "sendAt", errors);
        if (sendAtText is not null)
        {
            if (DateTimeOffset.TryParse(sendAtText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                sendAt = at.ToUniversalTime();
            }
            else
            {
                errors.Add("sendAt", "Must be an ISO 8601 date and time.");
            }
        }

        var businessKey = Key(root, "businessKey", errors);
        var cancellationKey = Key(root, "cancellationKey", errors);
        if (errors.Any)
        {
            return new ParseResult(null, errors.ToDictionary());
        }

        return new ParseResult(new CommsRequest(requestId, accountId!, commsType!, channel!.Value, target, data, locale, sendAt, source, businessKey, cancellationKey, chain, targets), null);
    }

    public const int MaxChainSteps = 5;
    public const int MaxTargets = 20;
    public static readonly TimeSpan MinStepWait = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxStepWait = TimeSpan.FromDays(30);

    /// <summary>
    /// <c>channels</c>: 1–5 steps <c>{"channel", "waitFor"?, "until"?}</c>; every step but the last waits (an ISO 8601
    /// duration, 1 second to 30 days) for <c>until</c> (sent, delivered or read; delivered by default); the last has no
    /// wait, as its outcome ends the chain; a channel appears once (a chain never loops).
    /// </summary>
    private static List<ChainStep>? ParseChain(JsonObject root, InputErrors errors)
    {
        if (root["channels"] is not { } node)
        {
            return null;
        }

        if (node is not JsonArray array || array.Count is 0 or > MaxChainSteps)
        {
            errors.Add("channels", $"Must be an array of 1 to {MaxChainSteps} steps.");
            return null;
        }

        var steps = new List<ChainStep>();
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"channels[{i}]";
            if (array[i] is not JsonObject step)
            {
                errors.Add(path, "Must be an object with channel (and waitFor, until).");
                continue;
            }

            var channel = ParseChannel(step, "channel", errors, required: true, path);
            var waitText = JsonInput.Text(step, "waitFor", errors, path);
            TimeSpan? waitFor = null;
            if (waitText is not null)
            {
                try
                {
                    waitFor = System.Xml.XmlConvert.ToTimeSpan(waitText);
                }
                catch (FormatException)
                {
                }

                if (waitFor is not { } w || w < MinStepWait || w > MaxStepWait)
                {
                    errors.Add(path + ".waitFor", "Must be an ISO 8601 duration from PT1S to P30D, such as P2D or PT12H.");
                    waitFor = null;
                }
            }

            var untilText = JsonInput.Text(step, "until", errors, path);
            CommsStatus? until = untilText switch
            {
                null => null,
                "sent" => CommsStatus.Sent,
                "delivered" => CommsStatus.Delivered,
                "read" => CommsStatus.Read,
                _ => Invalid(path + ".until", "Must be sent, delivered or read."),
            };
            var last = i == array.Count - 1;
            if (last && (waitText is not null || untilText is not null))
            {
                errors.Add(path, "The last step ends the chain: it has no waitFor or until.");
            }
            else if (!last && waitText is null)
            {
                errors.Add(path + ".waitFor", "Required on every step but the last: how long the step has to reach its until before the next starts.");
            }

            if (channel is { } c && steps.Any(s => s.Channel == c))
            {
                errors.Add(path + ".channel", $"{c.WireName()} is already a step: a chain uses each channel once.");
            }

            if (channel is { } ok)
            {
                steps.Add(new ChainStep(ok, waitFor, until));
            }
        }

        return steps.Count == array.Count ? steps : null;

        CommsStatus? Invalid(string field, string message)
        {
            errors.Add(field, message);
            return null;
        }
    }

    /// <summary><c>targets</c>: 1–20 target objects, one child request each.</summary>
    private static List<CommsTarget>? ParseTargets(JsonObject root, InputErrors errors)
    {
        if (root["targets"] is not { } node)
        {
            return null;
        }

        if (node is not JsonArray array || array.Count is 0 or > MaxTargets)
        {
            errors.Add("targets", $"Must be an array of 1 to {MaxTargets} targets.");
            return null;
        }

        var targets = new List<CommsTarget>();
        for (var i = 0; i < array.Count; i++)
        {
            if (ParseTarget(array[i], $"targets[{i}]", errors) is { } target)
            {
                targets.Add(target);
            }
            else if (array[i] is null)
            {
                errors.Add($"targets[{i}]", "Must be an object.");
            }
        }

        return targets;
    }

    /// <summary>Parses a contact profile body (<c>PUT …/profile</c>).</summary>
    public static (AccountProfile? Profile, IDictionary<string, string[]>? Errors) ParseProfile(string accountId, ReadOnlySpan<byte> json)
    {
        var errors = new InputErrors();
        var root = JsonInput.ParseObject(json, errors);
        if (root is null)
        {
            return (null, errors.ToDictionary());
        }

        return ReadProfile(accountId, root, errors);
    }

    /// <summary>
    /// Parses a contact profile already read as JSON (CMP's answer, <c>Comms.Infrastructure.Cmp</c>). Unknown fields are
    /// ignored; the errors name each invalid field by its path (<c>email</c>, <c>postalAddress.city</c>).
    /// </summary>
    public static (AccountProfile? Profile, IDictionary<string, string[]>? Errors) ParseProfile(string accountId, JsonObject root) =>
        ReadProfile(accountId, root, new InputErrors());

    private static (AccountProfile? Profile, IDictionary<string, string[]>? Errors) ReadProfile(string accountId, JsonObject root, InputErrors errors)
    {
        var target = ParseTarget(root, "", errors) ?? new CommsTarget();
        var locale = ParseLocale(root, "locale", errors);
        var timeZone = ParseTimeZone(root, "timeZone", errors);
        var preferredChannel = ParseChannel(root, "preferredChannel", errors, required: false);
        JsonObject? fields = null;
        switch (root["fields"])
        {
            case null:
                break;
            case JsonObject o when Encoding.UTF8.GetByteCount(o.ToJsonString()) <= MaxProfileFieldsBytes:
                fields = (JsonObject)o.DeepClone();
                break;
            case JsonObject:
                errors.Add("fields", $"At most {MaxProfileFieldsBytes / 1024} KB of JSON.");
                break;
            default:
                errors.Add("fields", "Must be an object.");
                break;
        }

        return errors.Any
            ? (null, errors.ToDictionary())
            : (new AccountProfile(accountId, target.Name, target.Email, target.Phone, target.PostalAddress, target.InstallationId, target.ExternalSystem, locale, timeZone, preferredChannel, fields), null);
    }

    private static string ChannelList => string.Join(", ", ChannelDescriptions.All.Select(c => c.WireName));

    /// <summary>A channel by its wire name (any case, never a number); null when absent or invalid.</summary>
    private static Channel? ParseChannel(JsonObject root, string field, InputErrors errors, bool required, string prefix = "")
    {
        var text = JsonInput.Text(root, field, errors, prefix);
        var path = prefix.Length == 0 ? field : prefix + "." + field;
        if (text is null)
        {
            if (required)
            {
                errors.Add(path, "Required: " + ChannelList + ".");
            }

            return null;
        }

        if (Enum.TryParse<Channel>(text, ignoreCase: true, out var parsed) && !int.TryParse(text, out _))
        {
            return parsed;
        }

        errors.Add(path, "Must be one of " + ChannelList + ".");
        return null;
    }

    /// <summary>An IANA time zone id the machine knows (<c>Europe/London</c>); a Windows id is not one.</summary>
    private static string? ParseTimeZone(JsonObject root, string field, InputErrors errors)
    {
        var id = JsonInput.Text(root, field, errors);
        if (id is null)
        {
            return null;
        }

        if (TimeZones.TryFind(id, out _))
        {
            return id;
        }

        errors.Add(field, "Must be an IANA time zone such as Europe/London.");
        return null;
    }

    private static CommsTarget? ParseTarget(JsonNode? node, string prefix, InputErrors errors)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject o)
        {
            errors.Add(prefix, "Must be an object.");
            return null;
        }

        string P(string name) => prefix.Length == 0 ? name : prefix + "." + name;
        var name = JsonInput.Text(o, "name", errors, prefix);
        if (name is { Length: > 200 })
        {
            errors.Add(P("name"), "At most 200 characters.");
        }

        var email = JsonInput.Text(o, "email", errors, prefix);
        if (email is not null && !IsEmail(email))
        {
            errors.Add(P("email"), "Must be an email address.");
        }

        var phone = JsonInput.Text(o, "phone", errors, prefix);
        if (phone is not null && !PhoneNumbers.IsE164(phone))
        {
            errors.Add(P("phone"), "Must be an E.164 number such as +447700900123.");
        }

        var installationId = JsonInput.Text(o, "installationId", errors, prefix);
        if (installationId is not null && !InstallationIdPattern().IsMatch(installationId))
        {
            errors.Add(P("installationId"), "Must be 1 to 200 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'.");
        }

        var externalSystem = JsonInput.Text(o, "externalSystem", errors, prefix);
        if (externalSystem is not null && !ExternalSystemPattern().IsMatch(externalSystem))
        {
            errors.Add(P("externalSystem"), "Must be the name of a configured external system (letters, digits, '_' or '-').");
        }

        PostalAddress? address = null;
        switch (o["postalAddress"])
        {
            case null:
                break;
            case JsonObject a:
                address = ParseAddress(a, P("postalAddress"), errors);
                break;
            default:
                errors.Add(P("postalAddress"), "Must be an object.");
                break;
        }

        return new CommsTarget(name, email, phone, address, installationId, externalSystem);
    }

    private static PostalAddress? ParseAddress(JsonObject a, string path, InputErrors errors)
    {
        var lines = new List<string>();
        switch (a["lines"])
        {
            case null:
                break;
            case JsonArray array when array.Count <= 6:
                foreach (var line in array)
                {
                    if (line is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 and <= 100 } text)
                    {
                        lines.Add(text);
                    }
                    else
                    {
                        errors.Add(path + ".lines", "Each line must be a string of 1 to 100 characters.");
                        break;
                    }
                }

                break;
            default:
                errors.Add(path + ".lines", "Must be an array of at most 6 strings.");
                break;
        }

        var city = JsonInput.Text(a, "city", errors, path);
        var postcode = JsonInput.Text(a, "postcode", errors, path);
        var country = JsonInput.Text(a, "country", errors, path);
        foreach (var (field, value) in new[] { ("city", city), ("postcode", postcode), ("country", country) })
        {
            if (value is { Length: > 100 })
            {
                errors.Add(path + "." + field, "At most 100 characters.");
            }
        }

        return new PostalAddress(lines, city, postcode, country);
    }

    /// <summary>A locale field: a known culture's name (normalised, <c>cy-GB</c>), null when absent, an error when unknown.</summary>
    public static string? ParseLocale(JsonObject root, string field, InputErrors errors)
    {
        var locale = JsonInput.Text(root, field, errors);
        if (locale is null)
        {
            return null;
        }

        try
        {
            if (locale.Length <= 20)
            {
                return CultureInfo.GetCultureInfo(locale, predefinedOnly: true).Name;
            }
        }
        catch (CultureNotFoundException)
        {
        }

        errors.Add(field, "Must be a known culture name such as en-GB.");
        return null;
    }

    /// <summary>A business or cancellation key: letters, digits and <c>. _ : @ -</c>, 1–100 characters, like an account id.</summary>
    private static string? Key(JsonObject root, string field, InputErrors errors)
    {
        var key = JsonInput.Text(root, field, errors);
        if (key is not null && !RequestIds.IsValidAccount(key))
        {
            errors.Add(field, $"Must be 1 to {MaxIdLength} characters of A-Z, a-z, 0-9, '.', '_', ':', '@' or '-'.");
            return null;
        }

        return key;
    }

    private static bool IsEmail(string email) =>
        email.Length <= 254 && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && string.IsNullOrEmpty(parsed.DisplayName);

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,80}$")]
    private static partial Regex EventIdPattern();

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,200}$")]
    private static partial Regex InstallationIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ExternalSystemPattern();

}

public sealed record ParseResult(CommsRequest? Request, IDictionary<string, string[]>? Errors);
