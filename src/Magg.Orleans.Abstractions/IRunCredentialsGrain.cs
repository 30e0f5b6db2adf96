namespace Magg.Orleans;

/// <summary>
/// The Earthdata token a run's client supplied (key: run id), held in the memory of the silo this grain lives on and
/// nowhere else: never in grain state, storage, logs or reports. Cells of the run ask for it before they read; when the
/// silo holding it is lost, a new activation holds nothing, and the run waits (<see cref="RunStatus.NeedsCredentials"/>)
/// until the client supplies it again. Cleared when the run ends.
/// </summary>
[Alias("Magg.Orleans.IRunCredentialsGrain")]
public interface IRunCredentialsGrain : IGrainWithStringKey
{
    /// <summary>Holds <paramref name="token"/> for the run (replacing one held before).</summary>
    [Alias("Hold")]
    Task Hold(SecretText token);

    /// <summary>The token, or null when none is held.</summary>
    [Alias("Token")]
    Task<SecretText?> Token();

    /// <summary>True when a token is held.</summary>
    [Alias("Has")]
    Task<bool> Has();

    /// <summary>Forgets the token (the run ended).</summary>
    [Alias("Clear")]
    Task Clear();
}
