namespace Magg.Orleans.Storage.Lambda;

/// <summary>How <see cref="LambdaInvoker"/> calls Lambda.</summary>
public sealed class LambdaInvokerOptions
{
    /// <summary>How long an invocation may take before it counts as a function timeout: Lambda's longest (15 minutes) and a margin.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(15.5);

    /// <summary>Largest event sent, in bytes (default <see cref="CellEvent.MaxBytes"/>).</summary>
    public int MaxPayloadBytes { get; set; } = CellEvent.MaxBytes;
}
