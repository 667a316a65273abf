namespace Comms.Infrastructure.Providers.Acs;

/// <summary>How an SMS text travels: GSM-7 when every character is in the GSM 03.38 alphabet, otherwise UCS-2.</summary>
public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}
