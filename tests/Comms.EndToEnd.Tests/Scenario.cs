using System.Globalization;

namespace Comms.EndToEnd.Tests;

/// <summary>
/// The sizes of the outage and rate-limit scenarios: scaled down in the suite, full size when
/// <c>scripts/scenarios/*.sh</c> set these variables (docs/performance.md has both runs' figures).
/// </summary>
public static class Scenario
{
    /// <summary>Requests in flight through a provider outage (<c>COMMS_SCENARIO_REQUESTS</c>, 10).</summary>
    public static int OutageRequests => Number("COMMS_SCENARIO_REQUESTS", 10);

    /// <summary>How long the provider stays down once every request waits (<c>COMMS_SCENARIO_PROVIDER_DOWN_SECONDS</c>, 0).</summary>
    public static TimeSpan ProviderDown => TimeSpan.FromSeconds(Number("COMMS_SCENARIO_PROVIDER_DOWN_SECONDS", 0));

    /// <summary>The longest wait between retries during an outage (<c>COMMS_SCENARIO_MAX_INTERVAL_SECONDS</c>, 3).</summary>
    public static TimeSpan MaxRetryInterval => TimeSpan.FromSeconds(Number("COMMS_SCENARIO_MAX_INTERVAL_SECONDS", 3));

    /// <summary>E-mails through the rate-limited fake (<c>COMMS_SCENARIO_RATE_REQUESTS</c>, 20).</summary>
    public static int RateRequests => Number("COMMS_SCENARIO_RATE_REQUESTS", 20);

    /// <summary>What the fake allows per window (<c>COMMS_SCENARIO_RATE_LIMIT</c>, 5).</summary>
    public static int RateLimit => Number("COMMS_SCENARIO_RATE_LIMIT", 5);

    /// <summary>The fake's (and Comms') window (<c>COMMS_SCENARIO_RATE_PERIOD_SECONDS</c>, 5).</summary>
    public static TimeSpan RatePeriod => TimeSpan.FromSeconds(Number("COMMS_SCENARIO_RATE_PERIOD_SECONDS", 5));

    /// <summary>Requests in flight when storage stops (<c>COMMS_STORAGE_OUTAGE_REQUESTS</c>, 20).</summary>
    public static int StorageRequests => Number("COMMS_STORAGE_OUTAGE_REQUESTS", 20);

    /// <summary>How long storage stays down (<c>COMMS_STORAGE_OUTAGE_SECONDS</c>, 20).</summary>
    public static TimeSpan StorageDown => TimeSpan.FromSeconds(Number("COMMS_STORAGE_OUTAGE_SECONDS", 20));

    /// <summary>How long the tests wait for requests to finish: long enough for the full-size runs too.</summary>
    /// <summary>Items of the bill-run test: half inline, half in an NDJSON blob (the full-size run: 2,000).</summary>
    public static int BatchItems => Number("COMMS_SCENARIO_BATCH_ITEMS", 200);

    public static TimeSpan Patience => TimeSpan.FromSeconds(Number("COMMS_SCENARIO_PATIENCE_SECONDS", 180));

    private static int Number(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
