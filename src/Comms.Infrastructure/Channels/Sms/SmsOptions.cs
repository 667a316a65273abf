namespace Comms.Infrastructure.Channels.Sms;

/// <summary>The SMS channel, bound from <c>Comms:Sms</c>.</summary>
public sealed class SmsOptions
{
    public const string Section = "Comms:Sms";

    /// <summary><c>Acs</c> or <c>Sandbox</c> (the default).</summary>
    public string Provider { get; set; } = "Sandbox";

    /// <summary>The sender: an E.164 number or an alphanumeric sender id.</summary>
    public string From { get; set; } = "";

    /// <summary>Asks ACS for delivery reports (Event Grid <c>SMSDeliveryReportReceived</c>).</summary>
    public bool EnableDeliveryReport { get; set; } = true;
}
