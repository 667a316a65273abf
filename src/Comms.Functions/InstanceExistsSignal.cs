using Comms.Api.Durable;
using DurableTask.Core.Exceptions;

namespace Comms.Functions;

/// <summary>The Durable extension refuses a start of an existing instance with DTFx's own exception, even with every dedupe status.</summary>
public sealed class InstanceExistsSignal : IInstanceExistsSignal
{
    public bool IsInstanceExists(Exception exception) => exception is OrchestrationAlreadyExistsException;
}
