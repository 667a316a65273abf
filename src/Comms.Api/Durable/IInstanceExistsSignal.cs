namespace Comms.Api.Durable;

/// <summary>
/// How this host's durable client says that a start found the instance already there. The intake starts every
/// orchestration with all dedupe statuses; Comms.Server's stack then ignores a repeat, the Functions extension refuses
/// it with its own exception. Each host maps its real exception here, so that the intake decides the same on both.
/// </summary>
public interface IInstanceExistsSignal
{
    bool IsInstanceExists(Exception exception);
}
