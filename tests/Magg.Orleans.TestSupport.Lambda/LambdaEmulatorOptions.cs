namespace Magg.Orleans.TestSupport.Lambda;

/// <summary>The function a <see cref="LambdaEmulator"/> plays, and how its workers start.</summary>
public sealed class LambdaEmulatorOptions
{
    /// <summary>The function's name: Invoke of another name answers 404 ResourceNotFoundException.</summary>
    public string FunctionName { get; init; } = "process-morton-cell";

    /// <summary>The region every Invoke's SigV4 credential scope must name.</summary>
    public string Region { get; init; } = "us-west-2";

    /// <summary>The function's memory, as REPORT lines give it.</summary>
    public int MemorySizeMb { get; init; } = 2048;

    /// <summary>After this long an invocation is stopped (its worker killed) and answered as a timeout.</summary>
    public TimeSpan FunctionTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Execution environments, which is also the concurrency limit: an Invoke finding none free within a moment is throttled (429).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>The worker program (a <c>bootstrap</c>); null when <see cref="Handler"/> answers in process.</summary>
    public string? WorkerExecutable { get; init; }

    /// <summary>Arguments of <see cref="WorkerExecutable"/>.</summary>
    public IReadOnlyList<string> WorkerArguments { get; init; } = [];

    /// <summary>Variables set for the workers (a null value removes one); the emulator adds <c>AWS_LAMBDA_RUNTIME_API</c> and Lambda's own.</summary>
    public IReadOnlyDictionary<string, string?> WorkerEnvironment { get; init; } = new Dictionary<string, string?>();

    /// <summary>How long an invocation holds its environment before the event is handed over (a slower function).</summary>
    public TimeSpan InvocationDelay { get; init; }

    /// <summary>A function in this process (no workers): event in, answer out.</summary>
    public Func<byte[], byte[]>? Handler { get; init; }
}
