namespace Magg.Orleans.TestSupport.Lambda;

/// <summary>An invocation handed to a worker, waiting for its answer.</summary>
internal sealed class PendingInvocation(string requestId, byte[] body, int? chunkIndex)
{
    public string RequestId { get; } = requestId;

    public byte[] Body { get; } = body;

    public int? ChunkIndex { get; } = chunkIndex;

    /// <summary>The answer: the payload and, for a failure, the function error type.</summary>
    public TaskCompletionSource<(byte[] Payload, string? FunctionError)> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
