namespace Magg.Orleans;

/// <summary>What Lambda billed for a cell, from the REPORT lines of its invocations (summed over attempts).</summary>
/// <param name="Invocations">Invocations that ran (throttled calls are not billed and not counted).</param>
/// <param name="GbSeconds">Billed duration times configured memory, in GB-seconds.</param>
/// <param name="BilledMs">Billed duration, in milliseconds.</param>
/// <param name="MaxMemoryUsedMb">Largest peak memory of an invocation, in MB.</param>
/// <param name="MemorySizeMb">The function's configured memory, in MB.</param>
[GenerateSerializer, Immutable, Alias("Magg.Orleans.LambdaUsage")]
public sealed record LambdaUsage(int Invocations, double GbSeconds, double BilledMs, int MaxMemoryUsedMb, int MemorySizeMb)
{
    /// <summary>Nothing billed.</summary>
    public static LambdaUsage None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>This usage and <paramref name="other"/>'s together.</summary>
    public LambdaUsage Plus(LambdaUsage? other) => other is null
        ? this
        : new LambdaUsage(Invocations + other.Invocations, GbSeconds + other.GbSeconds, BilledMs + other.BilledMs,
            Math.Max(MaxMemoryUsedMb, other.MaxMemoryUsedMb), Math.Max(MemorySizeMb, other.MemorySizeMb));
}
