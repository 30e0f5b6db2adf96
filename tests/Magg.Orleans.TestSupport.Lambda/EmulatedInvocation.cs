namespace Magg.Orleans.TestSupport.Lambda;

/// <summary>One Invoke request the emulator received, and how it answered.</summary>
/// <param name="RequestId">The invocation's id.</param>
/// <param name="ArrivedAt">When the request arrived.</param>
/// <param name="StatusCode">The HTTP status answered (200, 429, 403, 404).</param>
/// <param name="FunctionError">The <c>X-Amz-Function-Error</c> value, when the function failed.</param>
/// <param name="Event">The request body.</param>
/// <param name="ChunkIndex">The event's <c>chunk_index</c>, when it has one.</param>
/// <param name="Running">Invocations running when this one started, itself included (0 when it did not run).</param>
/// <param name="Worker">The worker that ran it (-1: none).</param>
/// <param name="Authorization">The request's Authorization header.</param>
/// <param name="Target">The request's path and query, as sent (escaped).</param>
/// <param name="Headers">The request's headers, names in lower case (values of a repeated header joined with a comma).</param>
public sealed record EmulatedInvocation(string RequestId, DateTimeOffset ArrivedAt, int StatusCode, string? FunctionError, byte[] Event, int? ChunkIndex,
    int Running, int Worker, string Authorization, string Target, IReadOnlyDictionary<string, string> Headers);
