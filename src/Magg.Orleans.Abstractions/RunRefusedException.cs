namespace Magg.Orleans;

/// <summary>
/// The cluster refused a run, a batch or a cell: over a silo cap, outside the silo's access policy, or malformed. The
/// message names the problem and the setting involved. Silos check everything a client sends, so a caller that skips
/// the client library's planner meets the same refusals.
/// </summary>
[GenerateSerializer, Alias("Magg.Orleans.RunRefusedException")]
public sealed class RunRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RunRefusedException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public RunRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public RunRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
