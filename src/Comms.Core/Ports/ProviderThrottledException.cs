namespace Comms.Core.Ports;

/// <summary>
/// A provider refused a message for now because of its rate limit (HTTP 429). The send waits <see cref="RetryAfter"/>
/// (the provider's <c>Retry-After</c>, or a default) and slows the shared rate limiter of that sender down.
/// </summary>
public sealed class ProviderThrottledException : Exception
{
    public ProviderThrottledException() { }

    public ProviderThrottledException(string message) : base(message) { }

    public ProviderThrottledException(string message, Exception innerException) : base(message, innerException) { }

    public ProviderThrottledException(string message, TimeSpan retryAfter) : base(message) => RetryAfter = retryAfter;

    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(30);
}
