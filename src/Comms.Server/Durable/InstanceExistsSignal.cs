using Comms.Api.Durable;
using Grpc.Core;

namespace Comms.Server.Durable;

/// <summary>
/// The sidecar ignores a start of an existing instance when every dedupe status is given (DurableStartSemanticsTests);
/// were it to refuse one, gRPC says so with <see cref="StatusCode.AlreadyExists"/>.
/// </summary>
public sealed class InstanceExistsSignal : IInstanceExistsSignal
{
    public bool IsInstanceExists(Exception exception) => exception is RpcException { StatusCode: StatusCode.AlreadyExists };
}
