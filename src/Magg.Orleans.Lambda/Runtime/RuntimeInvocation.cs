namespace Magg.Orleans.Lambda.Runtime;

/// <summary>One invocation handed out by the Runtime API's <c>next</c>.</summary>
/// <param name="RequestId">Its id (<c>Lambda-Runtime-Aws-Request-Id</c>).</param>
/// <param name="Deadline">When Lambda stops it (<c>Lambda-Runtime-Deadline-Ms</c>), or null when not given.</param>
/// <param name="Event">The event, as sent to Invoke.</param>
internal sealed record RuntimeInvocation(string RequestId, DateTimeOffset? Deadline, byte[] Event);
