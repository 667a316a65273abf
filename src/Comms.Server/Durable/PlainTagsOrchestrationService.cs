using System.Reflection;
using System.Runtime.ExceptionServices;
using DurableTask.Core;
using DurableTask.Core.History;

namespace Comms.Server.Durable;

/// <summary>
/// The backend as the sidecar sees it, with one repair: the test host's gRPC sidecar hands a sub-orchestration's tags
/// to DurableTask.Core as the protobuf map it received, and the Azure Storage backend writes that map's CLR type name
/// into the control-queue message and the history, which it then cannot read back (so the child never starts and the
/// parent never resumes), and records the creation as a subclass of its own, which the backend writes as an empty
/// history row. Before the backend writes an episode, tags are copied into plain dictionaries and that subclass is
/// replaced by DurableTask.Core's own event. Everything else is forwarded as it is.
/// </summary>
public class PlainTagsOrchestrationService : DispatchProxy
{
    private IOrchestrationService inner = null!;

    public static IOrchestrationService Wrap(IOrchestrationService inner)
    {
        var proxy = Create<IOrchestrationService, PlainTagsOrchestrationService>();
        ((PlainTagsOrchestrationService)(object)proxy).inner = inner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IOrchestrationService.CompleteTaskOrchestrationWorkItemAsync))
        {
            foreach (var messages in (args ?? []).OfType<IEnumerable<TaskMessage>>())
            {
                foreach (var message in messages)
                {
                    Repair(message);
                }
            }

            foreach (var message in (args ?? []).OfType<TaskMessage>())
            {
                Repair(message);
            }

            var states = (args ?? []).OfType<OrchestrationRuntimeState>()
                .Concat((args ?? []).OfType<TaskOrchestrationWorkItem>().Select(w => w.OrchestrationRuntimeState).OfType<OrchestrationRuntimeState>());
            foreach (var state in states)
            {
                Replace(state.NewEvents);
                Replace(state.Events);
                foreach (var e in state.NewEvents)
                {
                    Repair(e);
                }
            }
        }

        try
        {
            return targetMethod.Invoke(inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static void Repair(TaskMessage message) => Repair(message.Event);

    /// <summary>
    /// The sidecar records a sub-orchestration's creation as its own subclass, which the backend's table converter
    /// (by runtime type) writes as an empty row; the plain DurableTask.Core event is written instead.
    /// </summary>
    private static void Replace(IList<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                };
            }
        }
    }

    /// <summary>Any event's tags (a started orchestration's, a scheduled sub-orchestration's or activity's) as a plain dictionary.</summary>
    private static void Repair(HistoryEvent e)
    {
        if (e.GetType().GetProperty("Tags") is { CanWrite: true } property && property.GetValue(e) is IDictionary<string, string> tags && tags.GetType() != typeof(Dictionary<string, string>))
        {
            property.SetValue(e, new Dictionary<string, string>(tags));
        }
    }
}
