namespace Magg.Orleans.Storage.Lambda;

/// <summary>How an Invoke call ended.</summary>
public enum LambdaInvocationKind
{
    /// <summary>The function ran and answered (its payload is the answer).</summary>
    Answered,

    /// <summary>The function ran and failed: it raised an error, crashed, ran out of memory or time (<c>X-Amz-Function-Error</c>), or no answer came in time.</summary>
    FunctionError,

    /// <summary>Lambda did not run the function for now: throttled (429) or a service error (5xx). Trying again later may succeed.</summary>
    Throttled,

    /// <summary>Lambda refused the call (4xx: no such function, access denied, a bad request); trying again will not help.</summary>
    Rejected,
}
