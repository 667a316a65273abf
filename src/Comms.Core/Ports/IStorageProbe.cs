namespace Comms.Core.Ports;

/// <summary>Answers whether storage is reachable, for <c>GET /api/health</c>.</summary>
public interface IStorageProbe
{
    Task<bool> IsReachableAsync(CancellationToken cancellationToken = default);
}
