using Comms.Core.Domain;

namespace Comms.Infrastructure.Callbacks;

/// <summary>The text of a <c>status-callbacks</c> queue message: the change and which attempt this is.</summary>
public sealed record StatusCallbackMessage(StatusChange Change, int Attempt);
