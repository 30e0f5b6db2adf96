namespace Magg.Orleans.Storage.Lambda;

/// <summary>The end of one Invoke call.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="StatusCode">The HTTP status (0 when no answer came in time).</param>
/// <param name="Payload">The function's answer (<see cref="LambdaInvocationKind.Answered"/>) or error document.</param>
/// <param name="ErrorType">Lambda's error type (<c>TooManyRequestsException</c>, <c>ResourceNotFoundException</c>) or the function's (<c>Runtime.ExitError</c>).</param>
/// <param name="Message">What went wrong, short enough for a cell's error (<c>Runtime.ExitError: …</c>, <c>Lambda answered 404 …</c>; empty when answered).</param>
/// <param name="Report">What the invocation was billed, from the tail log's REPORT line.</param>
public sealed record LambdaInvocation(LambdaInvocationKind Kind, int StatusCode, byte[] Payload, string? ErrorType, string Message, LambdaReport? Report);
